// Command dunban builds the portal, or serves it for development.
//
//	dunban build -content DIR -out DIR -api URL [-base URL] [-v]
//	dunban serve -content DIR -out DIR -addr 127.0.0.1:8080 -data .data [-unit-codes FILE] [-admins FILE]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"dunban/site/build"
)

func main() {
	tuneGC()
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dunban:", err)
		}
		os.Exit(1)
	}
}

// tuneGC lets the heap grow between collections but caps it, unless GOGC or
// GOMEMLIMIT say otherwise: a 10,000-page build then stays well under
// 300 MiB and spends less time collecting.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(230 << 20)
	}
}

const usage = `usage:
  dunban build -content DIR -out DIR -api URL [-base URL] [-v]
  dunban serve -content DIR -out DIR -addr 127.0.0.1:8080 -data .data [-unit-codes FILE] [-admins FILE]`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("no command\n%s", usage)
	}
	switch args[0] {
	case "build":
		cfg, verbose, err := parseBuild(args[1:], stderr)
		if err != nil {
			return err
		}
		st, err := build.Build(cfg)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已构建 %d 篇文章、%d 个页面，输出到 %s，用时 %v\n", st.Articles, st.Files, cfg.Out, st.Elapsed.Round(1e6))
		if verbose {
			for _, p := range st.Phases {
				fmt.Fprintf(stdout, "  %-15s %v\n", p.Name, p.Took.Round(1e6))
			}
		}
		return nil
	case "serve":
		cfg, err := parseServe(args[1:], stderr)
		if err != nil {
			return err
		}
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		return runServe(cfg, stdout, stop)
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}

func parseBuild(args []string, stderr io.Writer) (build.Config, bool, error) {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	site := addSiteFlags(fs)
	api := fs.String("api", "/api", "root URL of the form collector API")
	base := fs.String("base", "", "the portal's origin for sitemap and feed, e.g. https://example.org")
	verbose := fs.Bool("v", false, "print how long each step took")
	if err := fs.Parse(args); err != nil {
		return build.Config{}, false, err
	}
	cfg, err := site.config()
	if err != nil {
		return build.Config{}, false, err
	}
	cfg.API, cfg.Base = *api, *base
	return cfg, *verbose, nil
}

// siteFlags are the flags build and serve share.
type siteFlags struct{ content, out *string }

func addSiteFlags(fs *flag.FlagSet) siteFlags {
	return siteFlags{
		content: fs.String("content", "content", "content folder"),
		out:     fs.String("out", "public", "output folder (replaced whole)"),
	}
}

// config is the build Config of the parsed flags, once the content folder
// is found to exist.
func (f siteFlags) config() (build.Config, error) {
	if err := isDir(*f.content); err != nil {
		return build.Config{}, err
	}
	return build.Config{Content: build.DirFS(*f.content), Out: *f.out}, nil
}

// isDir checks the content folder exists before anything is built.
func isDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("content folder: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("content folder %s is not a folder", dir)
	}
	return nil
}
