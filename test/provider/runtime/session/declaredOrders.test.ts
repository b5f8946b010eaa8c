import { declaredSortOf, learnDeclaredSorts, rememberSort } from "../../../provider/runtime/declaredSorts";

describe("placement waits to learn its neighbours' declared sorts", () => {
  test("it goes on as soon as a late diff has told it every neighbour's sort", async () => {
    setTimeout(() => rememberSort(9100002, 91, 20), 120);
    rememberSort(9100001, 91, 10);
    const started = Date.now();
    await learnDeclaredSorts([9100001, 9100002], 91, 5000);
    expect(declaredSortOf(9100002, 91)).toBe(20);
    // Well before the 5 s limit: it stopped waiting when the last sort arrived.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a status nobody declares (added in Kommo by hand) stops the wait at its limit, and stays unknown", async () => {
    await learnDeclaredSorts([9100009], 91, 200);
    expect(declaredSortOf(9100009, 91)).toBeUndefined();
  });

  test("a sort remembered for another pipeline does not count", async () => {
    rememberSort(9100010, 92, 30);
    await learnDeclaredSorts([9100010], 91, 100);
    expect(declaredSortOf(9100010, 91)).toBeUndefined();
  });
});
