using Bedside.TableGen;

// Usage: dotnet run --project tools/Bedside.TableGen -- <output Tables.g.cs> | --golden [GoldenScores.cs] (see TableGenCli; tools/README.md)
return TableGenCli.Run(args, Console.Out, Console.Error);
