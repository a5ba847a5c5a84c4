/** Project registries kept by External Secrets Operator: capability, opt-in, live state, removal. */
import type { ChannelOutput, ParsedInput } from '../api/contract';
import { AppError } from '../api/errors';

export interface InClusterService {
  capability(
    input: ParsedInput<'inCluster:capability'>,
  ): Promise<ChannelOutput<'inCluster:capability'>>;
  keep(input: ParsedInput<'inCluster:keep'>): Promise<ChannelOutput<'inCluster:keep'>>;
  open(context: string): Promise<ChannelOutput<'inCluster:open'>>;
  close(context: string): Promise<boolean>;
  syncNow(input: ParsedInput<'inCluster:sync-now'>): Promise<ChannelOutput<'inCluster:sync-now'>>;
  remove(
    input: ParsedInput<'inCluster:delete'>,
    mode: 'delete' | 'to-laptop',
  ): Promise<ChannelOutput<'inCluster:delete'>>;
  closeAll(): void;
}

export function createInClusterService(): InClusterService {
  const notYet = () => Promise.reject(new AppError('INTERNAL', 'Not available yet'));
  return {
    capability: notYet,
    keep: notYet,
    open: notYet,
    close: () => Promise.resolve(false),
    syncNow: notYet,
    remove: notYet,
    closeAll() {},
  };
}
