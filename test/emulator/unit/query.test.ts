import { bracketTree, leaves } from "../../../emulator/http/query";

describe("bracketTree", () => {
  test("reads plain, list and nested bracket keys", () => {
    const tree = bracketTree(
      new URLSearchParams(
        "page=2&filter[pipeline_id][]=1&filter[pipeline_id][]=2&filter[statuses][0][status_id]=7&filter[statuses][0][pipeline_id]=1",
      ),
    );

    expect(tree).toEqual({
      page: "2",
      filter: { pipeline_id: { "0": "1", "1": "2" }, statuses: { "0": { status_id: "7", pipeline_id: "1" } } },
    });
  });

  test("leaves gives a single value or a list as a list", () => {
    const tree = bracketTree(new URLSearchParams("a=1&b[]=2&b[]=3"));

    expect(leaves(tree.a)).toEqual(["1"]);
    expect(leaves(tree.b)).toEqual(["2", "3"]);
    expect(leaves(tree.missing)).toEqual([]);
  });
});
