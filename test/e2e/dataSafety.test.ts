import { TOKEN, liveStructure, world, type World } from "./harness";

/** Leads are sales' data: no change to a stack may lose one, and the user hears where Kommo moved them. */
jest.setTimeout(180_000);

const spec = (withOffer: boolean) => ({
  pipelines: [
    {
      key: "deals",
      name: "Deals with leads",
      sort: 30,
      statuses: [
        { key: "new", name: "New", sort: 10, color: "#fffeb2" },
        ...(withOffer ? [{ key: "offer", name: "Offer", sort: 20, color: "#98cbff" }] : []),
        { key: "signed", name: "Signed", sort: 30, color: "#87f2c0" },
      ],
    },
  ],
});

let w: World;
let pipelineId: number;
let leadIds: number[];

const leadsOf = async (pid: number) => {
  const r = await w.api("GET", `/api/v4/leads?filter[pipeline_id]=${pid}&limit=250`);
  return r.status === 204 ? [] : (r.body._embedded.leads as { id: number; status_id: number }[]);
};

beforeAll(async () => {
  w = await world("program", "safety");
  await w.stack.setConfig("spec", { value: JSON.stringify(spec(true)) });
  await w.stack.up();
  const deals = (await liveStructure(w)).find((p) => p.name === "Deals with leads")!;
  pipelineId = deals.id;
  const offer = deals.statuses.find((s) => s.name === "Offer")!;
  const added = await w.api("POST", "/api/v4/leads", [
    { name: "ACME renewal", price: 12000, pipeline_id: pipelineId, status_id: offer.id },
    { name: "Globex pilot", price: 3000, pipeline_id: pipelineId, status_id: offer.id },
  ]);
  expect(added.status).toBe(200);
  leadIds = added.body._embedded.leads.map((l: { id: number }) => l.id);
});

afterAll(async () => {
  await w?.close();
});

test("removing a status that holds leads deletes it and says where Kommo moved its leads", async () => {
  const before = await liveStructure(w);
  const newStatus = before.find((p) => p.id === pipelineId)!.statuses.find((s) => s.name === "New")!;
  await w.stack.setConfig("spec", { value: JSON.stringify(spec(false)) });
  const output: string[] = [];
  const up = await w.stack.up({ onOutput: (o) => output.push(o) });
  expect(up.summary.resourceChanges).toMatchObject({ delete: 1 });
  const text = output.join("");
  expect(text).toMatch(/status "Offer" \(\d+\) of pipeline \d+ held 2 leads; Kommo moved them to "New"/);
  expect(text).not.toContain(TOKEN);
  const leads = await leadsOf(pipelineId);
  expect(leads.map((l) => l.id).sort()).toEqual([...leadIds].sort());
  for (const l of leads) expect(l.status_id).toBe(newStatus.id);
});

test("destroying a pipeline that holds leads is refused before any DELETE, with a clear message, and nothing is lost", async () => {
  await w.requests();
  const failure = await w.stack.destroy().then(
    () => undefined,
    (e: unknown) => String(e),
  );
  expect(failure).toBeDefined();
  expect(failure).toMatch(/Pipeline "Deals with leads" \(\d+\) was not deleted/);
  expect(failure).toMatch(/could not delete pipeline "Deals with leads" \(\d+\): it holds 2 leads/);
  expect(failure).toMatch(/Move its leads to another pipeline, or delete them in Kommo/);
  expect(failure).toMatch(/retainOnDelete/);
  // The statuses went first (Kommo moved nothing: the leads sit in "New"); the pipeline was never sent a DELETE.
  const sent = await w.requests();
  expect(sent.byMethod.DELETE ?? 0).toBe(sent.applied);
  expect(failure).not.toContain(TOKEN);
  // The leads and their pipeline are still there, and the pipeline is still in state to try again later.
  expect((await leadsOf(pipelineId)).map((l) => l.id).sort()).toEqual([...leadIds].sort());
  expect((await liveStructure(w)).some((p) => p.id === pipelineId)).toBe(true);
  const state = await w.stack.exportStack();
  expect(JSON.stringify(state.deployment.resources)).toContain(`"${pipelineId}"`);
});

test("once the leads are moved out, destroy goes through", async () => {
  const other = (await liveStructure(w)).find((p) => p.id !== pipelineId)!;
  const moved = await w.api(
    "PATCH",
    "/api/v4/leads",
    leadIds.map((id) => ({ id, pipeline_id: other.id })),
  );
  expect(moved.status).toBe(200);
  const destroy = await w.stack.destroy();
  expect(destroy.summary.result).toBe("succeeded");
  expect((await liveStructure(w)).some((p) => p.id === pipelineId)).toBe(false);
});
