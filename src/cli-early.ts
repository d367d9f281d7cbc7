/**
 * What the command can tell from its arguments before it loads its code (cli.ts): whether it
 * is going to serve with a generated signing key. Not its help, version or `token` commands,
 * and not with a key file (`--key-file` or MOCK_EHR_KEY_FILE). A wrong guess costs only the
 * key's generation: the arguments are read properly afterwards (cli-args.ts).
 */
export function wantsGeneratedKey(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv[0] === 'token' || env.MOCK_EHR_KEY_FILE) return false;
  return !argv.some((arg) => arg === '--help' || arg === '--version' || /^-[^-]*[hv]/.test(arg) || arg === '--key-file' || arg.startsWith('--key-file='));
}
