using System.Text.Json;
using Microsoft.JSInterop;

namespace Bedside.Console.Services;

/// <summary>
/// The units this browser knows, by the names the therapist gave them (kept in localStorage with their addresses),
/// and the one the screens show. Nothing leaves the browser.
/// </summary>
public sealed class Ward
{
    private const string StoreKey = "bedside.units";
    private readonly IJSRuntime _js;
    private bool _loaded;

    public Ward(IJSRuntime js) { _js = js; }

    public List<UnitSession> Units { get; } = new();
    public UnitSession Current { get; private set; }
    public event Action Changed;

    private sealed record Saved(string Label, string Address);

    public async Task LoadAsync()
    {
        if (_loaded) return;
        _loaded = true;
        string json = await _js.InvokeAsync<string>("localStorage.getItem", StoreKey);
        if (json == null) return;
        try
        {
            foreach (var s in JsonSerializer.Deserialize<Saved[]>(json) ?? Array.Empty<Saved>())
                if (!string.IsNullOrEmpty(s.Address)) Add(s.Label, s.Address, select: false);
        }
        catch (JsonException) { /* a damaged list is ignored: units can be added again */ }
        Current ??= Units.FirstOrDefault();
    }

    public async Task SaveAsync()
    {
        var list = Units.Select(u => new Saved(u.Label, u.Address)).ToArray();
        await _js.InvokeVoidAsync("localStorage.setItem", StoreKey, JsonSerializer.Serialize(list));
    }

    public UnitSession Find(string address) => Units.FirstOrDefault(u => u.Address == address);

    public UnitSession Add(string label, string address, bool select = true)
    {
        var u = Find(address);
        if (u == null)
        {
            u = new UnitSession(_js, string.IsNullOrWhiteSpace(label) ? "Unit " + (Units.Count + 1) : label.Trim(), address);
            u.Changed += () => Changed?.Invoke();
            Units.Add(u);
        }
        else if (!string.IsNullOrWhiteSpace(label)) u.Label = label.Trim();
        if (select) Current = u;
        Changed?.Invoke();
        return u;
    }

    public void Select(UnitSession u) { Current = u; Changed?.Invoke(); }

    public async Task RemoveAsync(UnitSession u)
    {
        await u.DisconnectAsync();
        Units.Remove(u);
        if (Current == u) Current = Units.FirstOrDefault();
        await SaveAsync();
        Changed?.Invoke();
    }
}
