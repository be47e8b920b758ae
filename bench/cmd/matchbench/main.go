// Command matchbench measures Vigil's name matcher beside moov-io/watchman v0.60.0 in one process and prints
// a markdown report for docs/benchmarks.md:
//
//	cd bench && go run ./cmd/matchbench > /tmp/report.md
//	cd bench && go run ./cmd/matchbench -quick      # sampled sets, a minute or two
//
// Progress goes to standard error.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/vigil-sec/vigil/bench/sidebyside"
	"github.com/vigil-sec/vigil/internal/nameeval"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "matchbench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("matchbench", flag.ContinueOnError)
	dataDir := fs.String("data", "", "the shared data folder (default: ../shared/data beside the project)")
	repo := fs.String("repo", "", "the Vigil project root, for the EU/UK/OpenSanctions fixtures (default: found above the working directory)")
	quick := fs.Bool("quick", false, "sample the sets for a quick run: -recall 150 -fp 300 -speed 100 unless given")
	recallN := fs.Int("recall", 0, "at most this many recall queries of each set, sampled evenly (0: all)")
	fpN := fs.Int("fp", 0, "at most this many common names, sampled evenly (0: all)")
	speedN := fs.Int("speed", 1000, "queries in the throughput test")
	procs := fs.Int("procs", 2, "GOMAXPROCS for the whole run (0: leave as is)")
	goroutines := fs.Int("goroutines", sidebyside.DefaultSettings.Goroutines, "goroutines per watchman search; concurrent Vigil searches")
	cutoff := fs.Float64("watchman-cutoff", sidebyside.DefaultSettings.WatchmanCutoff, "watchman's reporting cut-off")
	misses := fs.Int("misses", 25, "list up to this many of Vigil's recall misses and false positives")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		if !set["recall"] {
			*recallN = 150
		}
		if !set["fp"] {
			*fpN = 300
		}
		if !set["speed"] {
			*speedN = 100
		}
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	if *dataDir == "" {
		dir, why := shareddata.Dir()
		if dir == "" {
			return fmt.Errorf("shared data: %s (give -data)", why)
		}
		*dataDir = dir
	}
	if *repo == "" {
		root, err := projectRoot()
		if err != nil {
			return err
		}
		*repo = root
	}
	s := sidebyside.DefaultSettings
	s.Goroutines, s.WatchmanCutoff = *goroutines, *cutoff

	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
	}
	progress := func(what string, total int) func(int) {
		step := max(1, total/10)
		return func(done int) {
			if done%step == 0 || done == total {
				logf("  %s %d/%d", what, done, total)
			}
		}
	}

	loadBefore := loadavg()
	logf("loading lists")
	d, err := sidebyside.Load(sidebyside.ListDirs(*dataDir, *repo))
	if err != nil {
		return err
	}
	logf("  %d entries (Vigil), %d entities (watchman)", len(d.Lists.Entries), len(d.Watchman.Entities))

	cases, err := nameeval.LoadNameBench(filepath.Join(*dataDir, "name-bench", "cases.csv"), filepath.Join(*dataDir, "name-bench", "logicv2-frozen.csv"))
	if err != nil {
		return err
	}
	rep := &sidebyside.Report{Settings: s, Data: d, Misses: *misses}
	logf("name bench: %d pairs", len(cases))
	rep.NameBench = sidebyside.RunNameBench(cases, s)

	persons := nameeval.RecallSet(d.Lists.Entries)
	orgs := nameeval.OrganizationRecallSet(d.Lists.Entries)
	for _, set := range []struct {
		kind    string
		qs      []nameeval.RecallQuery
		persons bool
	}{{"persons", persons, true}, {"organisations", orgs, false}} {
		qs := sidebyside.Sample(set.qs, *recallN)
		logf("recall set, %s: %d queries (of %d)", set.kind, len(qs), len(set.qs))
		rep.Recall = append(rep.Recall, sidebyside.RunRecall(d, set.kind, qs, set.persons, s, progress("recall "+set.kind, len(qs))))
	}

	names, removed := nameeval.FalsePositiveSet(d.Lists.Entries)
	for _, n := range removed {
		rep.FPRemoved += n
	}
	fpNames := sidebyside.Sample(names, *fpN)
	logf("false positives: %d common names (of %d; %d removed as listed)", len(fpNames), len(names), rep.FPRemoved)
	rep.FP = sidebyside.RunFalsePositives(d, fpNames, removed, s, progress("common names", len(fpNames)))

	queries := sidebyside.SpeedQueries(persons, names, *speedN)
	logf("throughput: %d queries", len(queries))
	rep.Speed = sidebyside.RunSpeed(d, queries, s, progress("watchman searches", len(queries)))

	rep.Env = environment(*quick)
	rep.Env.LoadBefore, rep.Env.LoadAfter = loadBefore, loadavg()
	w := bufio.NewWriter(os.Stdout)
	rep.WriteMarkdown(w)
	return w.Flush()
}

// projectRoot finds the Vigil module root above the working directory (bench/ is a module inside it).
func projectRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module github.com/vigil-sec/vigil\n") {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("no Vigil go.mod above " + wd + " (give -repo)")
		}
	}
}

// loadavg returns the 1, 5 and 15 minute load averages, or "" where /proc/loadavg does not exist.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func environment(quick bool) sidebyside.Environment {
	e := sidebyside.Environment{
		Date: time.Now(), NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(),
		Machine: runtime.GOARCH, Watchman: "v0.60.0", Quick: quick,
	}
	if out, err := exec.Command("uname", "-m").Output(); err == nil {
		e.Machine = strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				e.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/moov-io/watchman" {
				e.Watchman = dep.Version
			}
		}
	}
	return e
}
