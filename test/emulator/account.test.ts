import { request } from "node:http";
import { TestApi, useApi } from "./harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("accounts and addresses", () => {
  const api = useApi();

  test("each started emulator has its own fresh account", async () => {
    const other = await TestApi.start();
    try {
      await api().createPipeline({ name: "Only here" });

      const names = (await other.get(PIPELINES)).json._embedded.pipelines.map((p: { name: string }) => p.name);

      expect(names).toEqual(["Pipeline"]);
    } finally {
      await other.close();
    }
  });

  test("account_id is the same on every pipeline and status", async () => {
    const created = await api().createPipeline();
    const ids = new Set<number>([
      created.account_id,
      ...created._embedded.statuses.map((s: { account_id: number }) => s.account_id),
    ]);

    expect([...ids]).toEqual([api().emulator.accountId]);
  });

  test("HAL links are built from the Host the client used", async () => {
    const url = new URL(api().url);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: PIPELINES,
          headers: { host: "crm.example.test:8443", authorization: `Bearer ${api().emulator.adminToken}` },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end();
    });

    expect(JSON.parse(body)._links.self.href).toBe("http://crm.example.test:8443/api/v4/leads/pipelines");
  });
});
