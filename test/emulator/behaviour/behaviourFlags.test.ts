import { BEHAVIOUR_USAGE, flagOf } from "../../../emulator/behaviour/behaviourFlags";
import { BEHAVIOUR_KEYS } from "../../../emulator/behaviour/behaviour";
import { parseArgs, runCli, UsageError, type CliIo } from "../../../emulator/cli";

describe("behaviour flags", () => {
  test("each switch has a kebab-case flag that takes its values, collected under `behaviour`", () => {
    expect(
      parseArgs([
        "--status-placement",
        "append",
        "--batch-apply=itemwise",
        "--pipeline-sort",
        "renumbered",
        "--unset-main",
        "accepted",
        "--delete-missing",
        "404",
        "--failed-batch=partial",
        "--too-many-requests",
        "header",
        "--description-without-id",
        "overwrites",
        "--description-timestamps",
        "string",
        "--pipeline-needs-status=false",
      ]),
    ).toEqual({
      behaviour: {
        statusPlacement: "append",
        batchApply: "itemwise",
        pipelineSort: "renumbered",
        unsetMain: "accepted",
        deleteMissing: "404",
        failedBatch: "partial",
        tooManyRequests: "header",
        descriptionWithoutId: "overwrites",
        descriptionTimestamps: "string",
        pipelineNeedsStatus: false,
      },
    });
  });

  test("--pipeline-needs-status alone means true and does not take the next argument", () => {
    expect(parseArgs(["--pipeline-needs-status", "--port", "0"])).toEqual({
      port: 0,
      behaviour: { pipelineNeedsStatus: true },
    });
  });

  test("--profile is read on its own, beside the switches that override it", () => {
    expect(parseArgs(["--profile", "hostile"])).toEqual({ profile: "hostile" });
    expect(parseArgs(["--delete-missing=400-choice", "--profile=hostile"])).toEqual({
      profile: "hostile",
      behaviour: { deleteMissing: "400-choice" },
    });
  });

  test("bad values are usage errors that name the flag and its choices", () => {
    expect(() => parseArgs(["--profile", "gentle"])).toThrow(/--profile must be one of reference, hostile, got gentle/);
    expect(() => parseArgs(["--status-placement", "middle"])).toThrow(
      /--status-placement must be one of insert, append/,
    );
    expect(() => parseArgs(["--delete-missing", "410"])).toThrow(
      /--delete-missing must be one of 404, 400-choice, 400-other/,
    );
    expect(() => parseArgs(["--pipeline-needs-status=no"])).toThrow(
      /--pipeline-needs-status takes no value, or =true or =false/,
    );
    expect(() => parseArgs(["--too-many-requests"])).toThrow(UsageError);
    expect(() => parseArgs(["--profile="])).toThrow(UsageError);
    expect(() => parseArgs(["--statusPlacement", "append"])).toThrow(UsageError);
  });

  test("the usage names every switch's flag", () => {
    for (const key of BEHAVIOUR_KEYS) expect(BEHAVIOUR_USAGE).toContain(flagOf(key));
    expect(BEHAVIOUR_USAGE).toContain("--profile");
  });

  test("the profile and switches reach the running emulator", async () => {
    const exits: number[] = [];
    let signal: (() => void) | undefined;
    const io: CliIo = {
      out: () => undefined,
      err: () => undefined,
      onSignal: (h) => (signal = h),
      exit: (code) => exits.push(code),
    };

    const emulator = await runCli(
      ["--rate-limit", "0", "--profile", "hostile", "--too-many-requests", "bare", "--pipeline-needs-status=false"],
      io,
    );

    const config = (await (await fetch(`${emulator!.url}/_emulator/config`)).json()) as {
      behaviour: Record<string, unknown>;
    };
    signal?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(config.behaviour).toMatchObject({
      statusPlacement: "append",
      pipelineSort: "renumbered",
      tooManyRequests: "bare",
      pipelineNeedsStatus: false,
    });
    expect(exits).toEqual([0]);
  });
});
