import { IdMap, matchExample } from "../shapeMatch";

const ORIGIN = "http://127.0.0.1:1";

describe("matchExample, the conformance suite's comparator", () => {
  const example = {
    id: 6950551,
    name: "Pipeline",
    _links: { self: { href: "https://devteam.kommo.com/api/v4/leads/pipelines/6950551" } },
    _embedded: { statuses: [{ id: 142, pipeline_id: 6950551 }] },
  };
  const good = {
    id: 7100005,
    name: "Pipeline",
    _links: { self: { href: `${ORIGIN}/api/v4/leads/pipelines/7100005` } },
    _embedded: { statuses: [{ id: 142, pipeline_id: 7100005 }] },
  };

  test("accepts an answer that differs only in ids and origin", () => {
    expect(matchExample(example, good, ORIGIN, new IdMap())).toEqual([]);
  });

  test("reports extra and missing keys, changed values, fixed and inconsistent ids, and wrong hrefs", () => {
    const bad = {
      id: 7100005,
      name: "Other",
      extra: true,
      _links: { self: { href: `${ORIGIN}/api/v4/leads/pipelines/1` } },
      _embedded: { statuses: [{ id: 999, pipeline_id: 7100006 }] },
    };

    expect(matchExample(example, bad, ORIGIN, new IdMap())).toEqual([
      "$.extra: not in the example",
      '$.name: expected "Pipeline", got "Other"',
      `$._links.self.href: expected ${ORIGIN}/api/v4/leads/pipelines/7100005, got ${ORIGIN}/api/v4/leads/pipelines/1`,
      "$._embedded.statuses[0].id: expected 142, got 999",
      "$._embedded.statuses[0].pipeline_id: id 6950551 already maps to 7100005, got 7100006",
    ]);
    expect(matchExample({ a: 1 }, {}, ORIGIN, new IdMap())).toEqual(["$.a: missing"]);
  });
});
