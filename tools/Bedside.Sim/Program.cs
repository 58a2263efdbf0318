using Bedside.Sim.Cli;

// Entry point of the simulator: `dotnet run --project tools/Bedside.Sim -- session` (see README.md).
return SimCli.Run(args, Console.Out, Console.Error, showProgress: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
