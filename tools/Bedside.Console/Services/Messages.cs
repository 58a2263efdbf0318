using Bedside.Core.Protocol;

namespace Bedside.Console.Services;

/// <summary>Every ATT error and link failure in the words a therapist at the bedside can act on.</summary>
public static class Messages
{
    public static string Of(int code) => code switch
    {
        AttError.None => "Done.",
        AttError.InsufficientAuthorization =>
            "The unit refused: this tablet is not enrolled on it. Ask the caregiver to hold the button 4 s (three rising notes), then press Enrol.",
        AttError.InsufficientAuthentication or AttError.InsufficientEncryption =>
            "The unit refused: the Bluetooth link is not paired. Pair while the pairing window is open (hold the button 4 s).",
        AttError.OutOfRange => "The unit refused the value: a field is outside the unit's range. Nothing was changed.",
        AttError.InvalidAttributeValueLength => "The unit refused the value: wrong size (a console and firmware mismatch). Nothing was changed.",
        AttError.InvalidOffset => "The unit refused a partial write. Nothing was changed.",
        AttError.WriteNotPermitted or AttError.ReadNotPermitted or AttError.RequestNotSupported => "The unit does not allow this operation.",
        AttError.RequestRejected => "The unit cannot do this now (for a session log: no finished session yet, or a session is playing; for enrolment: four tablets are already enrolled — forget all clients on the unit first).",
        AttError.StoreFailed => "The unit could not save the change; nothing was changed. If this repeats, the unit's storage needs service.",
        0x0E => "The unit refused the request. Nothing was changed.",
        LinkCode.LinkLost => "The link to the unit was lost. Reconnecting…",
        LinkCode.NoBluetooth => "This browser has no Web Bluetooth. Use Chrome or Edge on a computer or Android tablet (iOS Safari has none), or try the virtual unit.",
        LinkCode.Cancelled => "No unit was chosen.",
        LinkCode.NotFound => "The unit could not be reached. Is it switched on and within a few metres?",
        LinkCode.Timeout => "The unit did not answer in time.",
        _ => "The unit answered with error 0x" + code.ToString("X2") + ".",
    };

    /// <summary>The code as shown beside the words (ATT codes in hex).</summary>
    public static string Code(int code) => code < 0x100 ? "ATT 0x" + code.ToString("X2") : "link";
}
