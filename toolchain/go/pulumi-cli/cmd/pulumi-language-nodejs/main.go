// Command pulumi-language-nodejs is schemastack's Node.js language host for the Pulumi engine.
//
// Why this exists: the official host lives in its own, never-tagged Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go module
// proxy reachable from our build machines refuses to serve ("This module version is not
// available"). The engine only needs the LanguageRuntime gRPC service, and the Node SDK ships
// the program runner (@pulumi/pulumi/cmd/run), so this small host implements just what
// `pulumi preview/up/refresh/destroy` use: it launches the runner with the engine's run
// request and reports the program's outcome. Everything else answers Unimplemented, which the
// engine treats as "not supported by this language".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set at link time to the pinned Pulumi version so `pulumi about` and the engine's
// plugin checks see a real semver.
var version = "3.248.0"

// exitCodeAfterUserActionableMessage is the Node runner's exit code meaning "the error was
// already reported through the engine"; the engine must then stop without a second message.
const exitCodeAfterUserActionableMessage = 32

// programStopGrace is how long a program that was told to stop (SIGINT) gets to remove what it
// made (the render's scratch database) before it is killed: under the 5 s the engine waits
// between the SIGINT it sends a plugin's process group and its SIGKILL.
const programStopGrace = 4 * time.Second

func main() {
	// The engine passes its own gRPC address as the last positional argument; flags it may add
	// (tracing, logging) come first and are not needed here.
	args := os.Args[1:]
	engineAddress := ""
	if len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	node, err := exec.LookPath("node")
	if err != nil {
		fail("could not find node on PATH: %v", err)
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("could not listen: %v", err)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	h := &host{node: node, engineAddress: engineAddress, running: map[*exec.Cmd]struct{}{}}
	pulumirpc.RegisterLanguageRuntimeServer(server, h)

	// Stopping: the engine closes this plugin with SIGINT to its process group (the program gets
	// it too), and a SIGKILLed CLI closes nothing, which the engine check notices. Either way the
	// program gets its grace period to clean up before this host, and with it the program, exits.
	stop := make(chan struct{}, 2)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		stop <- struct{}{}
	}()
	go watchEngine(engineAddress, stop)
	go func() {
		<-stop
		h.stopPrograms()
		os.Exit(1)
	}()

	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(listener); err != nil {
		fail("language host stopped serving: %v", err)
	}
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", a...)
	os.Exit(1)
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	node          string
	engineAddress string

	mu      sync.Mutex
	running map[*exec.Cmd]struct{}
}

// stopPrograms sends SIGINT to every running program and waits until they exited, at most
// programStopGrace (then they are killed with this host through Pdeathsig).
func (h *host) stopPrograms() {
	h.mu.Lock()
	exited := make([]chan struct{}, 0, len(h.running))
	for cmd := range h.running {
		_ = cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func(pid int) {
			for syscall.Kill(pid, 0) == nil {
				time.Sleep(50 * time.Millisecond)
			}
			close(done)
		}(cmd.Process.Pid)
		exited = append(exited, done)
	}
	h.mu.Unlock()
	deadline := time.After(programStopGrace)
	for _, done := range exited {
		select {
		case <-done:
		case <-deadline:
			return
		}
	}
}

// watchEngine signals stop once the engine no longer accepts connections (twice in a row): the
// CLI was killed, and nothing else would ever end this host and its program. Pulumi's own plugins
// do the same with a gRPC health check of the engine.
func watchEngine(address string, stop chan<- struct{}) {
	if address == "" {
		return
	}
	failures := 0
	for range time.Tick(time.Second) {
		conn, err := net.DialTimeout("tcp", address, time.Second)
		if err != nil {
			failures++
		} else {
			failures = 0
			_ = conn.Close()
		}
		if failures >= 2 {
			stop <- struct{}{}
			return
		}
	}
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Plugins are acquired explicitly by the toolchain bootstrap (automatic acquisition is off), and
// the engine loads a provider on its first registration, so there is nothing to pre-declare.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	rootDir := programDir
	entryPoint := req.GetProgram()
	typescript := true
	if info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetRootDirectory() != "" {
			rootDir = info.GetRootDirectory()
		}
		if info.GetEntryPoint() != "" {
			entryPoint = info.GetEntryPoint()
		}
		if opt, ok := info.GetOptions().GetFields()["typescript"]; ok {
			typescript = opt.GetBoolValue()
		}
	}
	if entryPoint == "" {
		entryPoint = "."
	}

	runner, err := findRunner(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	config, err := json.Marshal(orEmptyMap(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(orEmptySlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}

	args := []string{runner, "--monitor", req.GetMonitorAddress()}
	appendFlag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	appendFlag("engine", h.engineAddress)
	appendFlag("organization", req.GetOrganization())
	appendFlag("project", req.GetProject())
	appendFlag("stack", req.GetStack())
	appendFlag("root-directory", rootDir)
	appendFlag("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	appendFlag("parallel", fmt.Sprint(req.GetParallel()))
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	// The engine cancelling the run (its connection gone) stops the program as a signal would.
	cmd := exec.CommandContext(ctx, h.node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = programStopGrace
	cmd.Dir = programDir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript),
	)
	// If the engine kills this host (cancellation), the program must not outlive it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	err = cmd.Start()
	if err == nil {
		h.mu.Lock()
		h.running[cmd] = struct{}{}
		h.mu.Unlock()
		err = cmd.Wait()
		h.mu.Lock()
		delete(h.running, cmd)
		h.mu.Unlock()
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeAfterUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the Node.js program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// findRunner locates @pulumi/pulumi/cmd/run the way Node would resolve it from the program folder.
func findRunner(programDir string) (string, error) {
	dir, err := filepath.Abs(programDir)
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("@pulumi/pulumi is not installed for the program in %s: run npm install", programDir)
		}
		dir = parent
	}
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func orEmptySlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
