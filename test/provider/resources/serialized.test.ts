import { serializeLikeDynamicResource, type Provider } from "./serialized";

/**
 * A control for the harness: the provider tests rely on serializeLikeDynamicResource failing the way `new
 * dynamic.Resource` would, so this shows a provider Pulumi cannot serialize does fail here.
 */
test("serializing like dynamic.Resource fails for a provider whose methods capture `this`", async () => {
  class Factory {
    readonly token = "captured";
    make() {
      return { create: async () => ({ id: this.token }) } as unknown as Provider;
    }
  }
  await expect(serializeLikeDynamicResource(new Factory().make())).rejects.toThrow(/captured 'this'/);
});
