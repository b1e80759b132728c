package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibraryImportsOnlySmithy checks with go list -deps that no package
// a library user imports (every package of the module but commands and
// examples) depends on anything but the standard library, smithy-go and
// the module's own packages: the emulator's store (bbolt) stays in the
// emulator.
func TestLibraryImportsOnlySmithy(t *testing.T) {
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list dependencies")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const module = "github.com/chimekit/chimesdkmessaging"
	list := exec.CommandContext(ctx, goBin, "list", "-f", "{{.Module.Path}} {{.ImportPath}}", "./...")
	list.Dir = "../.." // the module's root: ./... there leaves out the nested modules
	out, err := list.Output()
	require.NoError(t, err, "go list ./...")
	var libs []string
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, line := range lines {
		mod, pkg, _ := strings.Cut(line, " ")
		rest := strings.TrimPrefix(pkg, module)
		if mod != module || strings.HasPrefix(rest, "/cmd/") || strings.HasPrefix(rest, "/examples/") || rest == "/examples" {
			continue
		}
		libs = append(libs, pkg)
	}
	require.Contains(t, libs, module+"/chimesdkmessagingtest", "the fake is a library package")
	require.NotContains(t, libs, module+"/cmd/chime-messaging-local")

	args := append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, libs...)
	deps := exec.CommandContext(ctx, goBin, args...)
	deps.Dir = "../.."
	out, err = deps.Output()
	require.NoError(t, err, "go list -deps")
	for _, dep := range strings.Fields(string(out)) {
		ok := dep == module || strings.HasPrefix(dep, module+"/") ||
			dep == "github.com/aws/smithy-go" || strings.HasPrefix(dep, "github.com/aws/smithy-go/")
		assert.True(t, ok, "a library package depends on %s; only the standard library and smithy-go are allowed outside cmd/ and examples/", dep)
	}

	out, err = exec.CommandContext(ctx, goBin, "list", "-deps", ".").Output()
	require.NoError(t, err)
	assert.Contains(t, strings.Fields(string(out)), "go.etcd.io/bbolt", "the check would see bbolt: the emulator imports it")
}
