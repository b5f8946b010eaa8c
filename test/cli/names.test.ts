import { NameSet, slug } from "../../cli/export/names";

describe("slug", () => {
  test.each([
    ["New business", "new-business"],
    ["  Négociation / Closing!! ", "negociation-closing"],
    ['Enterprise "Deals" \\ 2024 🚀', "enterprise-deals-2024"],
    ["Продажи", ""],
    ["🎉", ""],
    ["A".repeat(60), "a".repeat(40)],
  ])("%j is %j", (name, expected) => {
    expect(slug(name)).toBe(expected);
  });
});

test("NameSet settles a clash with the object's id", () => {
  const names = new NameSet();
  expect(names.claim("qualified", 1)).toBe("qualified");
  expect(names.claim("qualified", 2)).toBe("qualified-2");
  expect(names.claim("qualified", 7)).toBe("qualified-7");
});
