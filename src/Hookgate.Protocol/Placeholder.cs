namespace Hookgate.Protocol; internal static class Placeholder { }
