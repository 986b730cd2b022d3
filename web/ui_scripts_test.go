package web

import (
	"os/exec"
	"testing"
)

// TestUIScripts runs the unit tests of the UI's JavaScript modules
// (assets/jstest) with Node's built-in test runner.
func TestUIScripts(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("the UI's JavaScript unit tests need Node.js (18 or newer) on PATH: %v", err)
	}
	cmd := exec.Command(node, "--test", "jstest/")
	cmd.Dir = "../assets"
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
