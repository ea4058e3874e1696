// What counts as "yes" from a merchant's authorization hook. Only `true`: a hook that returns
// "false", { isStaff: false }, [] or 1 is a bug in that hook, and a bug must not open a staff
// route. Anything else is a refusal (403); a hook that throws is a 500 like any other throw.
export async function approves(decision: unknown): Promise<boolean> {
  return (await decision) === true;
}
