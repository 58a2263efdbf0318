using Bedside.Console;
using Bedside.Console.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// The therapist's console: static files only; everything stays in this browser (localStorage for unit names and keys).
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddSingleton<Ward>();
await builder.Build().RunAsync();
