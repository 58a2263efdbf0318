using Bedside.Sim.Cli;

// Entry point of the simulator: `dotnet run --project tools/Bedside.Sim -- session` (see README.md).
// Ctrl-C stops a long render cleanly: the partial output is removed and nothing is left behind.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return SimCli.Run(args, Console.Out, Console.Error, showProgress: !Console.IsOutputRedirected && !Console.IsErrorRedirected,
    coreFactory: null, cancel: cancel.Token);
