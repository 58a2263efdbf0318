// A fake navigator.bluetooth for headless Chromium (which has none), injected by a Playwright init script before the
// console loads. It forwards every GATT operation to a virtual unit's WebSocket (Bedside.Sim serve's JSON protocol),
// so the console's Web Bluetooth transport (wwwroot/js/ble.js + BleLink.cs) runs unchanged. Refusals are raised as
// Chrome raises them: a DOMException whose name gives the ATT error class, never the code.
// Configuration (set by the test before this script runs): window.__fakeBle = { url, name, cancel }.
(() => {
    const cfg = window.__fakeBle || {};
    const STATUS = "5b1d0004-4c2e-4a8f-9d3b-6e0f7a1c2b3d";

    function domError(att) {
        if (att === 0x08) return new DOMException("GATT operation not authorized.", "SecurityError");
        if (att === 0x0D) return new DOMException("GATT Error: invalid attribute length.", "InvalidModificationError");
        if (att === 0x02 || att === 0x03) return new DOMException("GATT operation not permitted.", "NotSupportedError");
        return new DOMException("GATT operation failed for unknown reason.", "NotSupportedError");
    }
    const b64 = bytes => { let s = ""; for (const x of bytes) s += String.fromCharCode(x); return btoa(s); };
    const unb64 = t => Uint8Array.from(atob(t || ""), c => c.charCodeAt(0));

    class FakeServer {
        constructor(device) { this.device = device; this.connected = false; this.ws = null; this.pending = new Map(); this.next = 1; }
        connect() {
            return new Promise((resolve, reject) => {
                const ws = new WebSocket(cfg.url);
                ws.onopen = () => { this.ws = ws; this.connected = true; resolve(this); };
                ws.onerror = () => reject(new DOMException("Connection failed for unknown reason.", "NetworkError"));
                ws.onmessage = ev => {
                    const m = JSON.parse(ev.data);
                    if (m.notify) { const c = this.device._chars.get(m.notify); if (c) c._notify(unb64(m.value)); return; }
                    const p = this.pending.get(m.id); if (p) { this.pending.delete(m.id); p(m); }
                };
                ws.onclose = () => {
                    const was = this.connected; this.connected = false; this.ws = null;
                    for (const p of this.pending.values()) p(null);
                    this.pending.clear();
                    if (was) this.device.dispatchEvent(new Event("gattserverdisconnected"));
                };
            });
        }
        disconnect() { if (this.ws) this.ws.close(); }
        request(req) {
            if (!this.ws) return Promise.reject(new DOMException("GATT Server is disconnected. Cannot perform GATT operations.", "NetworkError"));
            req.id = this.next++;
            return new Promise((resolve, reject) => {
                this.pending.set(req.id, m => m ? resolve(m) : reject(new DOMException("GATT Server is disconnected.", "NetworkError")));
                this.ws.send(JSON.stringify(req));
            });
        }
        async getPrimaryService(uuid) {
            if (!this.connected) throw new DOMException("GATT Server is disconnected.", "NetworkError");
            return new FakeService(this, uuid);
        }
    }

    class FakeService {
        constructor(server, uuid) { this.server = server; this.uuid = uuid; }
        async getCharacteristic(uuid) {
            let c = this.server.device._chars.get(uuid);
            if (!c) { c = new FakeCharacteristic(this, uuid); this.server.device._chars.set(uuid, c); }
            c.service = this;
            return c;
        }
    }

    class FakeCharacteristic extends EventTarget {
        constructor(service, uuid) { super(); this.service = service; this.uuid = uuid; this.value = null; }
        async readValue() {
            const m = await this.service.server.request({ op: "read", uuid: this.uuid });
            if (m.att !== 0) throw domError(m.att);
            const bytes = unb64(m.value);
            this.value = new DataView(bytes.buffer);
            return this.value;
        }
        async writeValueWithResponse(value) {
            const bytes = value instanceof Uint8Array ? value : new Uint8Array(value.buffer || value);
            const m = await this.service.server.request({ op: "write", uuid: this.uuid, value: b64(bytes), offset: 0 });
            if (m.att !== 0) throw domError(m.att);
        }
        async startNotifications() {
            const m = await this.service.server.request({ op: "subscribe", uuid: this.uuid });
            if (m.att !== 0) throw domError(m.att);
            return this;
        }
        _notify(bytes) {
            this.value = new DataView(bytes.buffer);
            this.dispatchEvent(new Event("characteristicvaluechanged"));
        }
    }

    class FakeDevice extends EventTarget {
        constructor() { super(); this.id = "fake-ble-unit"; this.name = cfg.name || "Bedside"; this._chars = new Map(); this.gatt = new FakeServer(this); }
    }

    let device = null;
    const bluetooth = {
        async getAvailability() { return true; },
        async requestDevice(options) {
            if (cfg.cancel) throw new DOMException("User cancelled the requestDevice() chooser.", "NotFoundError");
            const wanted = options && options.filters && options.filters.some(f => (f.services || []).includes("5b1d0001-4c2e-4a8f-9d3b-6e0f7a1c2b3d"));
            if (!wanted) throw new DOMException("No Bedside service in the filter.", "TypeError");
            device = device || new FakeDevice();
            return device;
        },
        async getDevices() { return device ? [device] : []; },
    };
    Object.defineProperty(navigator, "bluetooth", { value: bluetooth, configurable: true });
    window.__fakeBleStatus = STATUS;
})();
