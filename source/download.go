package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"time"
)

// Endpoint is where a list's files are published: one URL per file of one publication.
type Endpoint struct {
	List string
	URLs []string
}

// DefaultEndpoints returns the official publication URLs: OFAC's Sanctions List Service exports of the legacy
// CSV files and the UN Security Council's consolidated XML.
func DefaultEndpoints() []Endpoint {
	const ofacBase = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
	return []Endpoint{
		{List: ListOFAC, URLs: []string{
			ofacBase + "SDN.CSV",
			ofacBase + "ALT.CSV",
			ofacBase + "ADD.CSV",
			ofacBase + "SDN_COMMENTS.CSV",
		}},
		{List: ListUN, URLs: []string{"https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
	}
}

// downloadTimeout bounds one whole download when the caller's client has no timeout of its own.
const downloadTimeout = 5 * time.Minute

// Download fetches every file of eps, in order, for `vigil lists update`. Each response must be 200 OK and at
// most MaxFileBytes; any failure stops the download with an error naming the URL, so that a list is never
// imported from part of its files. Files are named after the last path element of their URL ("SDN.CSV").
// A nil client means a client with a five-minute timeout. Only http and https URLs are fetched.
func Download(ctx context.Context, client *http.Client, eps []Endpoint) ([]File, error) {
	if client == nil {
		client = &http.Client{Timeout: downloadTimeout}
	}
	// A redirect from https to plain http would let anyone on the path swap the list for one of their own.
	guarded := *client
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("refusing the redirect from %s to %s: it leaves https", via[0].URL.Redacted(), req.URL.Redacted())
		}
		if client.CheckRedirect != nil {
			return client.CheckRedirect(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	client = &guarded
	var files []File
	for _, ep := range eps {
		if len(ep.URLs) == 0 {
			return nil, fmt.Errorf("download list %s: no URLs", ep.List)
		}
		for _, raw := range ep.URLs {
			data, name, err := fetch(ctx, client, raw)
			if err != nil {
				return nil, fmt.Errorf("download list %s from %s: %w", ep.List, raw, err)
			}
			files = append(files, File{Name: name, Data: data})
		}
	}
	return files, nil
}

func fetch(ctx context.Context, client *http.Client, raw string) ([]byte, string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, "", errors.New("not an http or https URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "vigil (sanctions list update)")
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("server answered %s", resp.Status)
	}
	if resp.ContentLength > MaxFileBytes {
		return nil, "", fmt.Errorf("the file is %d bytes; at most %d are accepted", resp.ContentLength, MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxFileBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("reading the response: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, "", fmt.Errorf("the file is larger than %d bytes", MaxFileBytes)
	}
	if resp.ContentLength >= 0 && int64(len(data)) != resp.ContentLength {
		return nil, "", fmt.Errorf("received %d of %d bytes", len(data), resp.ContentLength)
	}
	name := path.Base(u.Path)
	if name == "." || name == "/" || name == "" {
		name = u.Host
	}
	return data, name, nil
}
