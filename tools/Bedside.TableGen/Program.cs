using Bedside.TableGen;

// Usage: dotnet run --project tools/Bedside.TableGen -- <output .cs path>
if (args.Length != 1) { Console.Error.WriteLine("usage: Bedside.TableGen <output Tables.g.cs>"); return 2; }
File.WriteAllText(args[0], TableGenerator.Generate());
Console.WriteLine("wrote " + args[0]);
return 0;
