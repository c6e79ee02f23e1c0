/**
 * Node only (tests, command line, bench): register tfjs-core's gradient functions.
 *
 * In a bundle (the site) `backend-browser.ts` imports `register_all_gradients` statically. Node
 * resolves '@tensorflow/tfjs-core' to its CommonJS bundle, which has no gradients, and the ESM files
 * that define them use extensionless relative imports ('../ops/add', and '../gradients', which is
 * both a file and a folder) that Node's ESM loader refuses. A small resolve hook retries such an
 * import inside tfjs-core's dist with '.js' appended. Both copies of tfjs-core keep their registries
 * on globalThis, so gradients registered by the ESM files serve the CommonJS engine.
 */

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => unknown;
interface NodeModuleApi {
  registerHooks(hooks: { resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): unknown }): unknown;
}
interface NodeProcess {
  getBuiltinModule(name: string): unknown;
}

let registered: Promise<void> | null = null;

export function registerGradientsInNode(): Promise<void> {
  registered ??= (async () => {
    const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;
    const nodeModule = nodeProcess.getBuiltinModule('node:module') as NodeModuleApi;
    nodeModule.registerHooks({
      resolve(specifier, context, nextResolve) {
        try {
          return nextResolve(specifier, context);
        } catch (error) {
          const insideCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') ?? false;
          if (insideCore && specifier.startsWith('.') && !specifier.endsWith('.js')) return nextResolve(`${specifier}.js`, context);
          throw error;
        }
      },
    });
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  })();
  return registered;
}
