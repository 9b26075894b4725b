using System.Buffers;
using Google.Protobuf;
using Hookgate.Protocol.Json;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Server;

/// <summary>JSON error bodies of grpc-gateway (REST) and Connect.</summary>
internal static class ErrorBodies
{
    private const string TypeUrlPrefix = "type.googleapis.com/";

    /// <summary>{"code":5,"message":"...","details":[{"@type":"type.googleapis.com/x","id":...}]}</summary>
    public static void WriteRest(IBufferWriter<byte> output, RpcException error, ILogger logger)
    {
        var o = new JsonOutput(output);
        o.Raw("{\"code\":"u8);
        o.Int64((int)error.Code);
        o.Raw(",\"message\":"u8);
        o.String(error.Message);
        o.Raw(",\"details\":["u8);
        var first = true;
        foreach (var detail in error.Details)
        {
            // Render into a scratch buffer first so a detail that cannot be shown leaves no half-written JSON.
            var scratch = new ArrayBufferWriter<byte>(128);
            try
            {
                var detailOutput = new JsonOutput(scratch);
                ProtoJsonWriter.WriteTypedObject(detailOutput, TypeUrlPrefix + detail.Descriptor.FullName, detail);
                detailOutput.Flush();
            }
            catch (ProtoJsonException e)
            {
                RpcLog.ErrorDetailNotWritten(logger, detail.Descriptor.FullName, e);
                continue;
            }

            if (!first)
            {
                o.Byte((byte)',');
            }

            first = false;
            o.Raw(scratch.WrittenSpan);
        }

        o.Raw("]}"u8);
        o.Flush();
    }

    /// <summary>{"code":"not_found","message":"...","details":[{"type":"x","value":"base64"}]}</summary>
    public static void WriteConnect(IBufferWriter<byte> output, RpcException error)
    {
        var o = new JsonOutput(output);
        o.Raw("{\"code\":\""u8);
        o.StringContent(StatusMapping.ConnectCode(error.Code));
        o.Byte((byte)'"');
        if (error.Message.Length > 0)
        {
            o.Raw(",\"message\":"u8);
            o.String(error.Message);
        }

        if (error.Details.Count > 0)
        {
            o.Raw(",\"details\":["u8);
            for (var i = 0; i < error.Details.Count; i++)
            {
                var detail = error.Details[i];
                if (i > 0)
                {
                    o.Byte((byte)',');
                }

                o.Raw("{\"type\":"u8);
                o.String(detail.Descriptor.FullName);
                o.Raw(",\"value\":\""u8);
                o.StringContent(Convert.ToBase64String(detail.ToByteArray()).TrimEnd('='));
                o.Raw("\"}"u8);
            }

            o.Byte((byte)']');
        }

        o.Byte((byte)'}');
        o.Flush();
    }
}
