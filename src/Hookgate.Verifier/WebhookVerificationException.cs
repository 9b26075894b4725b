namespace Hookgate.Verifier;

/// <summary>A webhook call failed verification; the message says why. Answer such calls with 400 or 401.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception with the reason for the failure.</summary>
    public WebhookVerificationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
