import nock from "nock";
import { resetCircuits } from "../../provider/client/circuit";

/** Every client test runs with the network closed and must use each mock it declares. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    // A 401 or a block opens the account's circuit for the whole process; each test starts closed.
    resetCircuits();
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}
