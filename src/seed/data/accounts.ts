import type { SeedAccount } from './types'

/** The demo accounts named in the contract; all share the seed password. */
export const staffAccounts: SeedAccount[] = [
  { email: 'superadmin@obs.test', firstName: 'Aditi', lastName: 'Menon', staffRole: 'super_admin' },
  { email: 'ops@obs.test', firstName: 'Rohan', lastName: 'Bisht', staffRole: 'ops_manager' },
  { email: 'cs@obs.test', firstName: 'Sneha', lastName: 'Kulkarni', staffRole: 'cs' },
  { email: 'finance@obs.test', firstName: 'Vikram', lastName: 'Iyer', staffRole: 'finance' },
  { email: 'content@obs.test', firstName: 'Meera', lastName: 'Joshi', staffRole: 'content' },
]

export const trekkerAccounts: SeedAccount[] = [
  {
    email: 'trekker1@obs.test',
    firstName: 'Arjun',
    lastName: 'Sharma',
    staffRole: null,
    phone: '+919810000001',
    dateOfBirth: '1994-03-12',
    experienceLevel: 'beginner',
    tribeHandle: 'arjun_treks',
    bio: 'Software engineer from Pune; first Himalayan trek was Kedarkantha.',
  },
  {
    email: 'trekker2@obs.test',
    firstName: 'Priya',
    lastName: 'Nair',
    staffRole: null,
    phone: '+919810000002',
    dateOfBirth: '1989-11-05',
    experienceLevel: 'intermediate',
    tribeHandle: 'priya_on_trails',
    bio: 'Weekend runner, has crossed Hampta Pass and done the Kashmir Great Lakes.',
  },
  {
    email: 'trekker3@obs.test',
    firstName: 'Karan',
    lastName: 'Mehta',
    staffRole: null,
    phone: '+919810000003',
    dateOfBirth: '1985-07-21',
    experienceLevel: 'expert',
    tribeHandle: 'karan_highpass',
    bio: 'Has trekked for fifteen years, from Rupin Pass to Everest Base Camp.',
  },
  {
    email: 'trekker4@obs.test',
    firstName: 'Ananya',
    lastName: 'Das',
    staffRole: null,
    phone: '+919810000004',
    dateOfBirth: '2001-01-30',
    experienceLevel: 'never',
    tribeHandle: 'ananya_first_steps',
    bio: 'Student in Kolkata, planning a first trek this winter.',
  },
  {
    email: 'trekker5@obs.test',
    firstName: 'Rahul',
    lastName: 'Verma',
    staffRole: null,
    phone: '+919810000005',
    dateOfBirth: '1978-09-14',
    experienceLevel: 'intermediate',
    tribeHandle: 'rahul_and_family',
    bio: 'Treks with his two teenage children every summer.',
  },
]
