import type { DemoMunicipality } from '../domain/types.js';
import { arao } from './arao.js';
import { daisen } from './daisen.js';
import { gyoda } from './gyoda.js';
import { kamiamakusa } from './kamiamakusa.js';

/** The four demo municipalities, in the order they are listed to users. */
export const demoMunicipalities: readonly DemoMunicipality[] = [arao, kamiamakusa, gyoda, daisen];
