import type { DeleteMissing } from "../behaviour/behaviour";
import { invalidField, NOT_A_VALID_CHOICE, notFound, problem } from "../http/problems";
import type { Reply } from "../http/reply";

const NOT_FOUND = { pipeline: "Pipeline not found", status: "Status not found" } as const;
const ID_PATH = { pipeline: "id", status: "status_id" } as const;

/**
 * The answer to a DELETE of a pipeline or status that is not there. docs/kommo-api.md
 * has seen 400 NotSupportedChoice at status_id for a status (and the
 * emulator takes the same for a pipeline, at id); a 404 like the one on GET
 * ("Pipeline not found", amocrm-api-php #92) is just as plausible; and a
 * client must also survive a 400 it cannot parse: the plain problem below,
 * worded after the reference's "400 Invalid data are given", with no
 * validation-errors.
 */
export function missingOnDelete(mode: DeleteMissing, kind: "pipeline" | "status"): Reply {
  switch (mode) {
    case "404":
      return notFound(NOT_FOUND[kind]);
    case "400-choice":
      return invalidField("NotSupportedChoice", ID_PATH[kind], NOT_A_VALID_CHOICE);
    case "400-other":
      return problem(400, "Invalid data given");
  }
}
