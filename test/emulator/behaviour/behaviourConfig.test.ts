import { readBehaviourInput } from "../../../emulator/behaviour/behaviourConfig";
import { profileBehaviour } from "../../../emulator/behaviour/profiles";

describe("readBehaviourInput", () => {
  const reference = profileBehaviour("reference");

  test("merges the fields given and leaves the current behaviour untouched", () => {
    const current = profileBehaviour("reference");

    const read = readBehaviourInput(current, { behaviour: { pipelineSort: "renumbered", pipelineNeedsStatus: false } });

    expect(read).toEqual({ ok: true, value: { ...reference, pipelineSort: "renumbered", pipelineNeedsStatus: false } });
    expect(current).toEqual(reference);
  });

  test("a profile replaces every field; explicit fields go on top", () => {
    const current = { ...reference, deleteMissing: "404" as const };

    expect(readBehaviourInput(current, { profile: "reference" })).toEqual({ ok: true, value: reference });
    expect(readBehaviourInput(current, { profile: "hostile", behaviour: { failedBatch: "atomic" } })).toEqual({
      ok: true,
      value: { ...profileBehaviour("hostile"), failedBatch: "atomic" },
    });
  });

  test("a profile's values are copies: changing the result does not change the profile", () => {
    const read = readBehaviourInput(reference, { profile: "hostile" });
    if (!read.ok) throw new Error(read.error);

    read.value.tooManyRequests = "bare";

    expect(profileBehaviour("hostile").tooManyRequests).toBe("html");
  });

  test.each([
    [{ profile: "kind" }, "profile must be one of reference, hostile"],
    [{ profile: null }, "profile must be one of reference, hostile"],
    [{ behaviour: [] }, "behaviour must be an object or null"],
    [{ behaviour: "hostile" }, "behaviour must be an object or null"],
    [{ behaviour: { statusPlacement: "middle" } }, "behaviour.statusPlacement must be one of insert, append"],
    [{ behaviour: { deleteMissing: 404 } }, "behaviour.deleteMissing must be one of 404, 400-choice, 400-other"],
    [{ behaviour: { pipelineNeedsStatus: "false" } }, "behaviour.pipelineNeedsStatus must be true or false"],
    [{ behaviour: { toString: "x" } }, "behaviour.toString is not a behaviour setting"],
    [
      { profile: "hostile", behaviour: { tooManyRequests: "json" } },
      "behaviour.tooManyRequests must be one of problem, html, header, bare",
    ],
  ])("%j is refused: %s", (input, message) => {
    expect(readBehaviourInput(reference, input)).toEqual({ ok: false, error: message });
  });
});
