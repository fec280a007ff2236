// The management worker's entry: see ./management.ts for why it exists.
import { parentPort, workerData } from 'node:worker_threads';
import { settleHeap } from '../settle-heap.js';
import { createManagementServer } from './management-server.js';
import { ManagementState } from './management-state.js';
import type { ManagementInit, ManagementReport, ManagementUpdate } from './protocol.js';

const init = workerData as ManagementInit;
const port = parentPort!;
const state = new ManagementState(init.stallMs);
port.on('message', (update: ManagementUpdate) => {
  state.apply(update);
  if (update.kind === 'settle') settleHeap();
});
const report = (message: ManagementReport) => port.postMessage(message);

const server = createManagementServer(state);
server.once('error', (error) => report({ kind: 'failed', message: error.message }));
server.listen(init.port, init.host, () => {
  const address = server.address();
  report({ kind: 'listening', port: typeof address === 'object' && address ? address.port : init.port });
});
