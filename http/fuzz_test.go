package http_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// FuzzScreenBody sends arbitrary bodies to POST /api/v1/screen, as one JSON document or as NDJSON, stored or
// dry run, through the real handler, engine and store. Whatever the body, the answer is a JSON response
// below 500: the server neither panics nor fails internally on hostile input.
func FuzzScreenBody(f *testing.F) {
	s := MustOpenServer(f, true)

	f.Add(false, true, []byte(hitDoc))
	f.Add(false, false, []byte(clearDoc))
	f.Add(true, false, []byte(hitDoc+"\n"+clearDoc+"\n"))
	f.Add(true, true, []byte(clearDoc+"\n{\"name\":\"A\",\"nmae\":1}\n"))
	f.Add(true, true, []byte("\n\n  \n"))
	f.Add(false, true, []byte(`{"name":"\u202eevil","emails":["a@b"],"phones":["+1"],"documents":[{"type":"passport","issuer":"PRK","number":"1"}]}`))
	f.Add(false, true, []byte(`{"name":"x","skills":[{"name":"Go","years":1e308}],"hired":"2020-01-01","left":null}`))
	f.Add(false, true, []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Add(false, true, []byte("{\"name\":\"\xff\xfe\"}"))
	if doc, err := os.ReadFile(filepath.Join("..", "testdata", "subject-full.json")); err == nil {
		f.Add(false, true, doc)
		f.Add(true, false, doc)
	}
	if data, err := os.ReadFile(filepath.Join("..", "demo", "subjects.ndjson")); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for n := 0; sc.Scan() && n < 8; n++ {
			f.Add(false, true, append([]byte(nil), sc.Bytes()...))
		}
		f.Add(true, true, data)
	}

	handler := s.Handler()
	f.Fuzz(func(t *testing.T, ndjson, dryRun bool, body []byte) {
		path := "/api/v1/screen"
		if dryRun {
			path += "?dry_run=true"
		}
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+s.Token)
		if ndjson {
			r.Header.Set("Content-Type", "application/x-ndjson")
		} else {
			r.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("status %d for body %q: %s", rec.Code, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d: the response is not JSON: %q", rec.Code, rec.Body)
		}
		if rec.Code != http.StatusOK && !bytes.Contains(rec.Body.Bytes(), []byte(`"error":{"code":`)) {
			t.Fatalf("status %d without the error shape: %s", rec.Code, rec.Body)
		}
	})
}
