package web

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// uiBrowser is one headless Chromium shared by the UI tests; each user of
// a test gets its own browser context (separate cookies), like a private
// window.
type uiBrowser struct {
	ctx context.Context
}

// startBrowser launches Chromium with the flags CI uses. A missing
// Chromium is a failure, not a skip: CI installs it.
func startBrowser(t *testing.T) *uiBrowser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("the web UI tests need Chromium (Debian package chromium) on PATH: %v; install it with: apt-get install chromium", err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &uiBrowser{ctx: ctx}
}

// uiPage is one user's tab against one server.
type uiPage struct {
	t    *testing.T
	ctx  context.Context
	base string
	name string

	mu       sync.Mutex
	problems []string // uncaught exceptions and CSP violations
}

// open starts a tab in a fresh browser context, sized like a laptop.
func (b *uiBrowser) open(t *testing.T, base, name string) *uiPage {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &uiPage{t: t, ctx: ctx, base: base, name: name}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Uncaught") {
				p.mu.Lock()
				p.problems = append(p.problems, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m.Text))
				p.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, pr := range p.problems {
			t.Errorf("%s: page error: %s", name, pr)
		}
	})
	return p
}

// do runs actions and fails the test (naming what) when one fails.
func (p *uiPage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.shot("failed-" + safeName(what))
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
}

// goTo loads a path of the server.
func (p *uiPage) goTo(path string) {
	p.t.Helper()
	p.do("navigate to "+path, chromedp.Navigate(p.base+path))
}

// until waits for a JavaScript expression to be truthy.
func (p *uiPage) until(what, expr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[any](expr, chromedp.WithPollingInterval(25*time.Millisecond))); err != nil {
		p.shot("failed-" + safeName(what))
		p.t.Fatalf("%s: waiting for %s: %v\npage text: %.1500s", p.name, what, err, p.eval(`document.body.innerText`))
	}
}

// waitText waits until the element's text contains want.
func (p *uiPage) waitText(sel, want string) {
	p.t.Helper()
	p.until(fmt.Sprintf("%s to show %q", sel, want),
		fmt.Sprintf(`(document.querySelector(%q)?.textContent || '').includes(%q)`, sel, want))
}

// eval returns the string value of a JavaScript expression.
func (p *uiPage) eval(expr string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprint(v)
}

// count is the number of elements a selector matches.
func (p *uiPage) count(sel string) int {
	p.t.Helper()
	var n int
	fmt.Sscan(p.eval(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)), &n)
	return n
}

// keys types text (and special keys such as "\r") into the focused element
// of sel.
func (p *uiPage) keys(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

func (p *uiPage) click(sel string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// press sends one key to the page's focused element.
func (p *uiPage) press(key string) {
	p.t.Helper()
	p.do("press "+key, chromedp.KeyEvent(key))
}

// shot saves a screenshot of the viewport among the test's artifacts
// (go test -artifacts keeps them).
func (p *uiPage) shot(name string) {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(p.t.ArtifactDir(), safeName(p.name+"-"+name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
	}
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// signIn signs a user in through the sign-in page.
func (p *uiPage) signIn(user, password string) {
	p.t.Helper()
	p.goTo("/login")
	p.do("sign in as "+user, chromedpSignIn(user, password)...)
	p.until("the signed-in header", `!!document.querySelector('#signout')`)
}

// chromedpSignIn fills and submits the sign-in form already on screen.
func chromedpSignIn(user, password string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedpJS(`document.querySelector('#username').value = document.querySelector('#password').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password+"\r"),
	}
}

// chromedpSubmitSearch presses Enter in the search box.
func chromedpSubmitSearch() []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(".search-input"), "\r")}
}

// chromedpBack goes back one entry of the page's history, as the browser's
// back button does.
func chromedpBack() []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedpJS(`history.back()`)}
}

// chromedpJS runs a JavaScript statement for its effect (with
// chromedp.EvalAwaitPromise, until its promise settles).
func chromedpJS(expr string, opts ...chromedp.EvaluateOption) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](expr, append([]chromedp.EvaluateOption{chromedp.EvalAsValue}, opts...)...)(ctx, t)
		if errors.Is(err, chromedp.ErrJSUndefined) || errors.Is(err, chromedp.ErrJSNull) {
			return nil
		}
		return err
	})
}

// inject runs a script in every document the tab loads, before the page's
// own scripts (it is not subject to the page's CSP).
func (p *uiPage) inject(source string) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: source}); err != nil {
		p.t.Fatalf("%s: inject a script: %v", p.name, err)
	}
}
