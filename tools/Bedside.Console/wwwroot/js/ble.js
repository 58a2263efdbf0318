// The console's only JavaScript: a thin wrapper of navigator.bluetooth (Web Bluetooth, Chrome/Edge on desktop and
// Android). It moves bytes (base64) between the browser and the C# transport and reports failures as ATT-like codes;
// every value is encoded, decoded and checked in C# by the core's own codec.

const devices = new Map();   // id -> { device, server, chars: Map(uuid -> characteristic), listener }

// Failure codes beyond the ATT range, shared with BleLink.cs.
const LINK_LOST = 0x100, NO_BLUETOOTH = 0x101, CANCELLED = 0x102, NOT_FOUND = 0x103;

// Chrome reports a refused GATT operation as a DOMException whose name tells the ATT error class (it keeps no code):
// SecurityError = not authorised (0x08) or not paired, InvalidModificationError = invalid length (0x0D),
// NotSupportedError "not permitted" = 0x03, NetworkError = the link is gone; anything else = the unit refused (0x0E).
function attOf(e) {
    const name = e && e.name, msg = (e && e.message) || "";
    if (name === "SecurityError") return 0x08;
    if (name === "InvalidModificationError") return 0x0D;
    if (name === "NetworkError") return LINK_LOST;
    if (name === "NotSupportedError" && /not permitted/i.test(msg)) return 0x03;
    if (name === "InvalidStateError" || /disconnected/i.test(msg)) return LINK_LOST;
    return 0x0E;
}

function b64(dataView) {
    const bytes = new Uint8Array(dataView.buffer, dataView.byteOffset, dataView.byteLength);
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
}

function unb64(text) {
    const s = atob(text || "");
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes;
}

export function available() {
    return !!(navigator.bluetooth && navigator.bluetooth.requestDevice);
}

// Opens the browser's chooser for units advertising the Bedside service. Returns { id, name } or { error }.
export async function choose(serviceUuid) {
    if (!available()) return { error: NO_BLUETOOTH };
    try {
        const device = await navigator.bluetooth.requestDevice({ filters: [{ services: [serviceUuid] }] });
        devices.set(device.id, { device, server: null, chars: new Map(), listener: null });
        return { id: device.id, name: device.name || "Bedside" };
    } catch (e) {
        if (e && (e.name === "NotFoundError" || e.name === "NotAllowedError" || e.name === "AbortError")) return { error: CANCELLED, message: e.message };
        return { error: NO_BLUETOOTH, message: e && e.message };
    }
}

// Connects (or reconnects) to a chosen unit and caches its characteristics. Returns 0 or a failure code.
export async function connect(id, serviceUuid, uuids, dotnet) {
    let entry = devices.get(id);
    if (!entry && navigator.bluetooth && navigator.bluetooth.getDevices) {
        const known = await navigator.bluetooth.getDevices();
        const device = known.find(d => d.id === id);
        if (device) { entry = { device, server: null, chars: new Map(), listener: null }; devices.set(id, entry); }
    }
    if (!entry) return NOT_FOUND;
    try {
        if (!entry.listener) {
            entry.listener = () => dotnet.invokeMethodAsync("OnLinkLost");
            entry.device.addEventListener("gattserverdisconnected", entry.listener);
        }
        entry.server = await entry.device.gatt.connect();
        const service = await entry.server.getPrimaryService(serviceUuid);
        entry.chars = new Map();
        for (const u of uuids) entry.chars.set(u, await service.getCharacteristic(u));
        return 0;
    } catch (e) {
        return attOf(e) === LINK_LOST ? LINK_LOST : NOT_FOUND;
    }
}

export async function read(id, uuid) {
    const c = devices.get(id)?.chars.get(uuid);
    if (!c) return { att: LINK_LOST };
    try { return { att: 0, value: b64(await c.readValue()) }; }
    catch (e) { return { att: attOf(e), message: e && e.message }; }
}

export async function write(id, uuid, value) {
    const c = devices.get(id)?.chars.get(uuid);
    if (!c) return LINK_LOST;
    try { await c.writeValueWithResponse(unb64(value)); return 0; }
    catch (e) { return attOf(e); }
}

export async function subscribe(id, uuid, dotnet) {
    const c = devices.get(id)?.chars.get(uuid);
    if (!c) return LINK_LOST;
    try {
        c.addEventListener("characteristicvaluechanged", ev => dotnet.invokeMethodAsync("OnNotify", b64(ev.target.value)));
        await c.startNotifications();
        return 0;
    } catch (e) { return attOf(e); }
}

export function disconnect(id) {
    const entry = devices.get(id);
    if (entry && entry.device.gatt.connected) entry.device.gatt.disconnect();
}
