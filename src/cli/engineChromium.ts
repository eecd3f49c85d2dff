/** Placeholder replaced below. */
import type { HeadlessOutput, HeadlessTask } from '../worker/training/headless.ts';
import type { EngineOptions } from './run.ts';

/**
 * @param task the task
 * @param opts engine options
 * @returns never yet
 */
export function runInChromium(
  task: Omit<HeadlessTask, 'backend'>,
  opts: EngineOptions,
): Promise<HeadlessOutput> {
  void task;
  void opts;
  return Promise.reject(new Error('not yet'));
}
