// Usage: node check.mjs <base url> <token>
// Drives Hookgate's zitadel.action.v2beta.ActionService through ZITADEL's published client, unchanged, over the
// three transports it offers, and prints one line per observation for the C# test to compare.
import { createClientFor, NewAuthorizationBearerInterceptor } from "@zitadel/client";
import { createServerTransport } from "@zitadel/client/node";
import { createClientTransport } from "@zitadel/client/web";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ActionService } from "@zitadel/proto/zitadel/action/v2beta/action_service_pb.js";

const [baseUrl, token] = process.argv.slice(2);
const transports = {
  grpc: createServerTransport(token, { baseUrl, httpVersion: "2" }),
  "grpc-web": createClientTransport(token, { baseUrl, httpVersion: "1.1" }),
  connect: createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [NewAuthorizationBearerInterceptor(token)] }),
};
for (const [name, transport] of Object.entries(transports)) {
  const client = createClientFor(ActionService)(transport);
  const created = await client.createTarget({
    name: `zitadel-client-${name}`,
    targetType: { case: "restCall", value: { interruptOnError: true } },
    timeout: { seconds: 10n },
    endpoint: "https://example.com/hook",
  });
  const { target } = await client.getTarget({ id: created.id });
  console.log(`${name} get ${target.name} ${target.targetType.case} ${target.targetType.value.interruptOnError} ${target.timeout.seconds} ${target.signingKey === created.signingKey}`);
  await client.setExecution({
    // A method this script never calls, so the execution stays data here (the runtime has its own tests).
    condition: { conditionType: { case: "request", value: { condition: { case: "method", value: "/zitadel.action.v2beta.ActionService/ListExecutionFunctions" } } } },
    targets: [created.id],
  });
  const executions = await client.listExecutions({});
  console.log(`${name} executions ${executions.executions.length} ${executions.executions[0].targets.join(",") === created.id}`);
  try {
    await client.getTarget({ id: "missing" });
    console.log(`${name} missing found?!`);
  } catch (e) {
    console.log(`${name} missing ${e.code} ${e.rawMessage}`);
  }
  await client.deleteTarget({ id: created.id });
}
