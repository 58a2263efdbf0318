using Bedside.Budget;

// Usage: dotnet run --project tools/Bedside.Budget -c Release -- [--minutes 10] [--block 512] [--core path/Bedside.Core.dll] [--check]
// (see BudgetCli; exit codes and error lines as in tools/README.md)
return BudgetCli.Run(args, Console.Out, Console.Error);
