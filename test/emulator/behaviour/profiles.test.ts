import { startEmulator } from "../../../emulator";
import { TestApi, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

/** The table of the README's "Open points and switches", which other code depends on. */
const REFERENCE = {
  pipelineNeedsStatus: true,
  statusPlacement: "insert",
  batchApply: "whole",
  pipelineSort: "kept",
  unsetMain: "refused",
  deleteMissing: "400-choice",
  failedBatch: "atomic",
  tooManyRequests: "problem",
  descriptionWithoutId: "refused",
  descriptionTimestamps: "string",
  statusSortNumbers: "tens",
  rateLimitShape: "sliding",
  patchWithoutName: "keeps",
  embeddedDescriptions: "applied",
  systemStatusPatch: "refused",
};
const HOSTILE = {
  pipelineNeedsStatus: true,
  statusPlacement: "append",
  batchApply: "itemwise",
  pipelineSort: "renumbered",
  unsetMain: "accepted",
  deleteMissing: "400-other",
  failedBatch: "partial",
  tooManyRequests: "html",
  descriptionWithoutId: "refused",
  descriptionTimestamps: "string",
  statusSortNumbers: "kept",
  rateLimitShape: "bucket",
  patchWithoutName: "blanks",
  embeddedDescriptions: "ignored",
  systemStatusPatch: "ignored",
};

async function behaviourOf(api: TestApi): Promise<unknown> {
  return (await api.control("GET", "config")).behaviour;
}

describe("profiles", () => {
  describe("by default", () => {
    const api = useApi();

    test("the behaviour is the reference profile, shown by GET /_emulator/config", async () => {
      expect(await behaviourOf(api())).toEqual(REFERENCE);
    });

    test('PATCH {"profile": "hostile"} sets every switch, and "reference" sets them back', async () => {
      const hostile = await api().control("PATCH", "config", { profile: "hostile" });
      const reference = await api().control("PATCH", "config", { profile: "reference" });

      expect(hostile.behaviour).toEqual(HOSTILE);
      expect(reference.behaviour).toEqual(REFERENCE);
    });

    test("behaviour fields sent with a profile override it, whatever their order in the body", async () => {
      const response = await api().control("PATCH", "config", {
        behaviour: { tooManyRequests: "bare" },
        profile: "hostile",
      });

      expect(response.behaviour).toEqual({ ...HOSTILE, tooManyRequests: "bare" });
    });

    test("behaviour null goes back to the reference profile; a reset keeps the behaviour", async () => {
      await api().control("PATCH", "config", { profile: "hostile" });
      await api().control("POST", "reset");
      const afterReset = await behaviourOf(api());
      await api().behaviour(null);

      expect(afterReset).toEqual(HOSTILE);
      expect(await behaviourOf(api())).toEqual(REFERENCE);
    });
  });

  describe("startEmulator", () => {
    test("takes a profile, and behaviour fields that override it", async () => {
      const hostile = await TestApi.start({ profile: "hostile" });
      const mixed = await TestApi.start({ profile: "hostile", behaviour: { statusPlacement: "insert" } });
      const fields = await TestApi.start({ behaviour: { deleteMissing: "404" } });
      try {
        expect(await behaviourOf(hostile)).toEqual(HOSTILE);
        expect(await behaviourOf(mixed)).toEqual({ ...HOSTILE, statusPlacement: "insert" });
        expect(await behaviourOf(fields)).toEqual({ ...REFERENCE, deleteMissing: "404" });
      } finally {
        await Promise.all([hostile.close(), mixed.close(), fields.close()]);
      }
    });

    test("rejects a bad profile or behaviour value, naming it", async () => {
      await expect(startEmulator({ profile: "gentle" as never })).rejects.toThrow(
        /profile must be one of reference, hostile/,
      );
      await expect(startEmulator({ behaviour: { batchApply: "random" as never } })).rejects.toThrow(
        /behaviour\.batchApply must be one of whole, itemwise/,
      );
      await expect(startEmulator({ behaviour: { speed: 1 } as never })).rejects.toThrow(
        /behaviour\.speed is not a behaviour setting/,
      );
    });
  });

  describe("hostile, over the API", () => {
    const api = useApi({ profile: "hostile" });

    test("statuses are appended item by item, pipeline sorts are Kommo's, a failed batch is partial, a missing delete is a plain 400", async () => {
      const created = await api().post(PIPELINES, [
        {
          name: "Board",
          sort: 7,
          is_main: false,
          is_unsorted_on: true,
          _embedded: {
            statuses: [
              { name: "Late", sort: 90 },
              { name: "Early", sort: 10 },
            ],
          },
        },
        { name: "", sort: 8, is_main: false, is_unsorted_on: true, _embedded: { statuses: [{ name: "X", sort: 10 }] } },
      ]);
      const pipelines = (await api().get(PIPELINES)).json._embedded.pipelines;
      const board = pipelines.find((p: { name: string }) => p.name === "Board");
      const missing = await api().delete(`${PIPELINES}/${board.id}/statuses/99999999`);

      expect(created.status).toBe(400);
      expect(pipelines.map((p: { name: string; sort: number }) => [p.name, p.sort])).toEqual([
        ["Pipeline", 1],
        ["Board", 1000],
      ]);
      expect(
        board._embedded.statuses
          .filter((s: { is_editable: boolean }) => s.is_editable)
          .map((s: { name: string }) => s.name),
      ).toEqual(["Late", "Early"]);
      expect(missing.status).toBe(400);
      expect(missing.json["validation-errors"]).toBeUndefined();
    });

    test("a pipeline without a regular status is still refused", async () => {
      const response = await api().post(PIPELINES, [{ name: "Bare", sort: 7, is_main: false, is_unsorted_on: true }]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"][0].errors[0].path).toBe("_embedded.statuses");
    });
  });
});
