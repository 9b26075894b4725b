namespace Hookgate.Runtime.Outbound;

/// <summary>The save-time verdict on a target endpoint.</summary>
public enum EndpointCheck
{
    Allowed,

    /// <summary>The host name, the address literal or one of the addresses it resolves to is in the deny list.</summary>
    DeniedHost,

    /// <summary>
    /// The host name could not be resolved. ZITADEL rejects such endpoints as denied (issue #12244); callers that
    /// do the same can still tell the user "could not be resolved" rather than "denied".
    /// </summary>
    Unresolvable,
}
