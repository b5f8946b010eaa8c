/**
 * The `key` each stage of a list read from Kommo needs, or undefined where its name serves (the default). A name
 * that an earlier stage already has gets the stage's id added, which stays the same on the next read. A key must be
 * no stage's name either: adoption matches keys to live names before names, so such a key would take that stage.
 * `kommo-iac export` and `pulumi import` both write lists with these keys.
 */
export function stageKeys(stages: readonly { id: number; name: string }[]): (string | undefined)[] {
  const names = new Set(stages.map((st) => st.name));
  const taken = new Set<string>();
  return stages.map((stage) => {
    if (!taken.has(stage.name)) {
      taken.add(stage.name);
      return undefined;
    }
    let key = `${stage.name} (${stage.id})`;
    while (taken.has(key) || names.has(key)) key = `${key} (${stage.id})`;
    taken.add(key);
    return key;
  });
}
