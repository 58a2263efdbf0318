using System.Runtime.InteropServices;
using Bedside.Sim.Cli;

// Entry point of the simulator: `dotnet run --project tools/Bedside.Sim -- session` (see README.md).
// Ctrl-C (SIGINT) and SIGTERM stop a long render cleanly: the partial output is removed, nothing is left behind,
// exit code 1 (tools/README.md).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
return SimCli.Run(args, Console.Out, Console.Error, showProgress: !Console.IsOutputRedirected && !Console.IsErrorRedirected,
    coreFactory: null, cancel: cancel.Token);
