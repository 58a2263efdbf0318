using Bedside.TableGen;

// Usage:
//   dotnet run --project tools/Bedside.TableGen -- <output Tables.g.cs>      regenerate the engine's constant tables
//   dotnet run --project tools/Bedside.TableGen -- --golden [GoldenScores.cs] re-render every golden score with the
//       current core and rewrite its expected CRC-32 constants (default path: firmware/Bedside.Core/Audio/GoldenScores.cs,
//       found from the current directory upwards)
try
{
    if (args.Length >= 1 && args[0] == "--golden")
    {
        string path = args.Length >= 2 ? args[1] : GoldenWriter.DefaultPath();
        if (path == null) { Console.Error.WriteLine("tablegen: repository root not found; pass the GoldenScores.cs path"); return 2; }
        Console.WriteLine(GoldenWriter.Rewrite(path));
        return 0;
    }
    if (args.Length != 1 || args[0].StartsWith("-")) { Console.Error.WriteLine("usage: Bedside.TableGen <output Tables.g.cs> | --golden [GoldenScores.cs]"); return 2; }
    File.WriteAllText(args[0], TableGenerator.Generate());
    Console.WriteLine("wrote " + args[0]);
    return 0;
}
catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
{
    Console.Error.WriteLine("tablegen: " + ex.Message);
    return 1;
}
