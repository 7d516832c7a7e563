import { createHaDemoApp } from '../lib/app.js';

createHaDemoApp();
