// The HTML section registry, in page order. To add a section (e.g. one for conformance.json): write
// sections/<name>-section.ts exporting a Section that reads ctx.extras.conformance, and add it here.
import { charts } from '../../charts/index.ts';
import type { Section } from '../section.ts';
import { chartSection } from './chart-section.ts';
import { choosingSection } from './choosing-section.ts';
import { compareSection } from './compare-section.ts';
import { concurrencySection } from './concurrency-section.ts';
import { conformanceSection } from './conformance-section.ts';
import { headerSection } from './header-section.ts';
import { memorySection } from './memory-section.ts';
import { methodSection } from './method-section.ts';
import { rankingSection } from './ranking-section.ts';
import { storeAtSizeSection } from './store-at-size-section.ts';
import { storeBenchSection } from './store-bench-section.ts';
import { faultsSection } from '../../faults-section.ts';
import { instancesSection } from '../../instances-section.ts';
import { capacitySection } from '../../capacity-section.ts';

export const sections: Section[] = [
  headerSection,
  compareSection,
  choosingSection,
  rankingSection,
  capacitySection,
  storeAtSizeSection,
  concurrencySection,
  faultsSection,
  instancesSection,
  ...charts.map(chartSection),
  memorySection,
  storeBenchSection,
  conformanceSection,
  methodSection,
];
