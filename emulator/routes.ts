import { addLeads, editLead, editLeads, listLeads } from "./handlers/leads";
import { addPipelines, deletePipeline, editPipeline, getPipeline, listPipelines } from "./handlers/pipelines";
import { addStatuses, deleteStatus, editStatus, getStatus, listStatuses } from "./handlers/statuses";
import { route, Router } from "./router";

const PIPELINES = "/api/v4/leads/pipelines";
const STATUSES = `${PIPELINES}/:pipeline_id/statuses`;
const admin = { adminOnly: true };

/** Every endpoint of the reference, plus the slice of the leads API the delete rules need. */
export function apiRouter(): Router {
  return new Router([
    route("GET", PIPELINES, listPipelines),
    route("POST", PIPELINES, addPipelines, admin),
    route("GET", `${PIPELINES}/:id`, getPipeline),
    route("PATCH", `${PIPELINES}/:id`, editPipeline, admin),
    route("DELETE", `${PIPELINES}/:id`, deletePipeline, admin),
    route("GET", STATUSES, listStatuses),
    route("POST", STATUSES, addStatuses, admin),
    route("GET", `${STATUSES}/:id`, getStatus),
    route("PATCH", `${STATUSES}/:id`, editStatus, admin),
    route("DELETE", `${STATUSES}/:id`, deleteStatus, admin),
    // Any user may work with leads in Kommo; only the pipeline structure is admin-only.
    route("GET", "/api/v4/leads", listLeads),
    route("POST", "/api/v4/leads", addLeads),
    route("PATCH", "/api/v4/leads", editLeads),
    route("PATCH", "/api/v4/leads/:id", editLead),
  ]);
}
