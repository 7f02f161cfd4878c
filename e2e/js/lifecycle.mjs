// A whole task life against connectd with the AWS SDK for JavaScript v3:
//   node lifecycle.mjs ENDPOINT INSTANCE_ID FLOW_ID
// prints one JSON object with what the SDK returned; e2e/cli_test.go checks it.
import {
  ConnectClient,
  StartTaskContactCommand,
  DescribeContactCommand,
  UpdateContactCommand,
  UpdateContactScheduleCommand,
  ListContactReferencesCommand,
  StopContactCommand,
  DescribeInstanceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ContactNotFoundException,
  InvalidParameterException,
  InvalidRequestException,
} from "@aws-sdk/client-connect";

const [endpoint, instanceId, flowId] = process.argv.slice(2);
if (!endpoint || !instanceId || !flowId) {
  console.error("usage: node lifecycle.mjs ENDPOINT INSTANCE_ID FLOW_ID");
  process.exit(2);
}

// Credentials come from the environment (AWS_ACCESS_KEY_ID, ...), as for a user.
const client = new ConnectClient({ endpoint, region: "us-east-1", maxAttempts: 1 });

const out = {};
const inOneHour = new Date(Date.now() + 3600_000);
const inTwoHours = new Date(Date.now() + 7200_500);

const started = await client.send(new StartTaskContactCommand({
  InstanceId: instanceId,
  ContactFlowId: flowId,
  Name: "js task",
  Description: "from the JS SDK v3",
  Attributes: { source: "js", customer: "c-7" },
  References: {
    ticket: { Type: "URL", Value: "https://example.com/js/1" },
    note: { Type: "STRING", Value: "hello" },
  },
  ScheduledTime: inOneHour,
}));
out.contactId = started.ContactId;
out.requestId = started.$metadata.requestId;
out.httpStatusCode = started.$metadata.httpStatusCode;

const described = await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: started.ContactId }));
const c = described.Contact;
out.describe = {
  id: c.Id,
  name: c.Name,
  description: c.Description,
  channel: c.Channel,
  initiationMethod: c.InitiationMethod,
  attributes: c.Attributes,
  // Timestamps must arrive as Date objects.
  scheduledIsDate: c.ScheduledTimestamp instanceof Date,
  scheduledEpoch: c.ScheduledTimestamp ? c.ScheduledTimestamp.getTime() / 1000 : null,
  wantScheduledEpoch: Math.floor(inOneHour.getTime()) / 1000,
  initiationIsDate: c.InitiationTimestamp instanceof Date,
};

await client.send(new UpdateContactCommand({
  InstanceId: instanceId, ContactId: started.ContactId, Name: "js task renamed",
  References: { extra: { Type: "URL", Value: "https://example.com/js/2" } },
}));
await client.send(new UpdateContactScheduleCommand({
  InstanceId: instanceId, ContactId: started.ContactId, ScheduledTime: inTwoHours,
}));
const after = await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: started.ContactId }));
out.afterUpdate = {
  name: after.Contact.Name,
  scheduledEpoch: after.Contact.ScheduledTimestamp.getTime() / 1000,
  wantScheduledEpoch: inTwoHours.getTime() / 1000,
};

const refs = await client.send(new ListContactReferencesCommand({
  InstanceId: instanceId, ContactId: started.ContactId, ReferenceTypes: ["URL"],
}));
out.urlReferences = refs.ReferenceSummaryList.map((r) => r.Url).filter(Boolean)
  .map((u) => ({ name: u.Name, value: u.Value }))
  .sort((a, b) => a.name.localeCompare(b.name));
out.nonUrlReferences = refs.ReferenceSummaryList.filter((r) => !r.Url).length;

await client.send(new StopContactCommand({ InstanceId: instanceId, ContactId: started.ContactId }));
const stopped = await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: started.ContactId }));
out.disconnected = stopped.Contact.DisconnectTimestamp instanceof Date;

// Errors: the typed exceptions, with code, status and request ID.
async function errorOf(command) {
  try {
    await client.send(command);
    return null;
  } catch (e) {
    return {
      name: e.name,
      message: e.message,
      httpStatusCode: e.$metadata?.httpStatusCode,
      requestId: e.$metadata?.requestId,
      fault: e.$fault,
      typed: e instanceof ResourceNotFoundException || e instanceof ContactNotFoundException ||
        e instanceof InvalidParameterException || e instanceof InvalidRequestException,
    };
  }
}
out.describeMissing = await errorOf(new DescribeContactCommand({ InstanceId: instanceId, ContactId: "no-such-contact" }));
out.stopAgain = await errorOf(new StopContactCommand({ InstanceId: instanceId, ContactId: started.ContactId }));

// Tags: the ARN is percent-encoded into the path.
const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: instanceId }));
await client.send(new TagResourceCommand({ resourceArn: Instance.Arn, tags: { team: "js", "with space": "a/b:c" } }));
out.tags = (await client.send(new ListTagsForResourceCommand({ resourceArn: Instance.Arn }))).tags;
await client.send(new UntagResourceCommand({ resourceArn: Instance.Arn, tagKeys: ["team", "with space"] }));
out.tagsAfterUntag = (await client.send(new ListTagsForResourceCommand({ resourceArn: Instance.Arn }))).tags;
out.awsTag = await errorOf(new TagResourceCommand({ resourceArn: Instance.Arn, tags: { "aws:x": "y" } }));

console.log(JSON.stringify(out));
