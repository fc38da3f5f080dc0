import { CommandHandlers } from '../../commands/command-handlers';
import { Oms } from '../../composition/oms';

/** What the routes may use: command handlers to change things, queries to read them. */
export type RouteDependencies = {
  handlers: CommandHandlers;
  placeOrder: Oms['placeOrder'];
  queries: Oms['queries'];
  health: Oms['health'];
  metrics: Oms['metrics'];
  now: () => Date;
  version: string;
};
