import { label } from '../../../shared/domain/case';
import type { Option } from './fields';

/** Select options for a vocabulary from shared/domain, labelled for people. */
export function optionsOf(values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: label(value) }));
}
