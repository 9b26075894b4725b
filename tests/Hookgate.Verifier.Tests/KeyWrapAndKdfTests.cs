using System.Security.Cryptography;
using System.Text;
using static Hookgate.Verifier.Tests.TestKeys;
using ReceiverKdf = Hookgate.Verifier.ConcatKdf;
using ReceiverKeyWrap = Hookgate.Verifier.AesKeyWrap;
using SenderKdf = Hookgate.Runtime.Jose.ConcatKdf;
using SenderKeyWrap = Hookgate.Runtime.Jose.AesKeyWrap;

namespace Hookgate.Verifier.Tests;

public class KeyWrapAndKdfTests
{
    // RFC 3394 §4.6: wrap 256 bits of key data with a 256-bit KEK.
    private static readonly byte[] Kek = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    private static readonly byte[] KeyData = Convert.FromHexString("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
    private static readonly byte[] Wrapped = Convert.FromHexString("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

    // RFC 7518 Appendix C: Alice's ephemeral key, Bob's key and their shared secret Z.
    private const string AliceX = "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0";
    private const string AliceY = "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps";
    private const string AliceD = "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo";
    private const string BobX = "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ";
    private const string BobY = "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck";
    private static readonly byte[] Z =
    [
        158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156,
        251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
    ];

    [Fact]
    public void Wrap_Rfc3394Section4_6()
    {
        Assert.Equal(Wrapped, SenderKeyWrap.Wrap(Kek, KeyData));
    }

    [Fact]
    public void Unwrap_Rfc3394Section4_6()
    {
        Assert.Equal(KeyData, ReceiverKeyWrap.Unwrap(Kek, Wrapped));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(39)]
    public void Unwrap_TamperedByte_FailsIntegrityCheck(int index)
    {
        var tampered = (byte[])Wrapped.Clone();
        tampered[index] ^= 0x80;

        Assert.Null(ReceiverKeyWrap.Unwrap(Kek, tampered));
    }

    [Fact]
    public void Unwrap_WrongKek_FailsIntegrityCheck()
    {
        var kek = (byte[])Kek.Clone();
        kek[0] ^= 0x01;

        Assert.Null(ReceiverKeyWrap.Unwrap(kek, Wrapped));
    }

    [Fact]
    public void WrapThenUnwrap_RandomKeys_RoundTrip()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var cek = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(cek, ReceiverKeyWrap.Unwrap(kek, SenderKeyWrap.Wrap(kek, cek)));
    }

    [Fact]
    public void AppendixC_SharedSecret_FromPublishedKeys()
    {
        using var alice = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = FromB64(AliceD),
            Q = new ECPoint { X = FromB64(AliceX), Y = FromB64(AliceY) },
        });
        using var bob = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromB64(BobX), Y = FromB64(BobY) },
        });

        Assert.Equal(Z, alice.DeriveRawSecretAgreement(bob.PublicKey));
    }

    [Fact]
    public void SenderKdf_Rfc7518AppendixC()
    {
        var key = SenderKdf.DeriveKey(Z, "A128GCM", Encoding.ASCII.GetBytes("Alice"), Encoding.ASCII.GetBytes("Bob"), 128);

        Assert.Equal("VqqN6vgjbSBcIijNcacQGg", B64(key));
    }

    [Fact]
    public void ReceiverKdf_Rfc7518AppendixC()
    {
        var key = ReceiverKdf.DeriveKey(Z, "A128GCM", Encoding.ASCII.GetBytes("Alice"), Encoding.ASCII.GetBytes("Bob"), 128);

        Assert.Equal("VqqN6vgjbSBcIijNcacQGg", B64(key));
    }

    [Fact]
    public void Kdf_A256KW_SenderAndReceiverAgree_AndDependOnAlgorithmId()
    {
        var sender = SenderKdf.DeriveKey(Z, "ECDH-ES+A256KW", [], [], 256);
        var receiver = ReceiverKdf.DeriveKey(Z, "ECDH-ES+A256KW", [], [], 256);
        var other = ReceiverKdf.DeriveKey(Z, "ECDH-ES+A128KW", [], [], 256);

        Assert.Equal(32, sender.Length);
        Assert.Equal(sender, receiver);
        Assert.NotEqual(sender, other);
    }

    [Fact]
    public void Kdf_LongerThanOneHash_UsesCounterRounds()
    {
        var key = SenderKdf.DeriveKey(Z, "x", [], [], 512);

        Assert.Equal(64, key.Length);
        Assert.NotEqual(key[..32], key[32..]);
        Assert.Equal(key, ReceiverKdf.DeriveKey(Z, "x", [], [], 512));
    }
}
