import { PgliteExecutor } from '../../app/store/pglite-executor.js';
import { itemsStoreContract } from './contract.js';

// The embedded default: PGlite in memory, the same SQL and migrations as the server.
itemsStoreContract('PGlite (in-process)', () => PgliteExecutor.open(''));
