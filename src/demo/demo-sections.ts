import type { DemoAuthor, DemoSection } from './demo-types.ts';

export const demoSections: DemoSection[] = [
  {
    slug: 'bulgaria',
    name: 'Bulgaria',
    description:
      'News from Bulgaria, from parliament and the courts to towns and villages across the country.',
  },
  {
    slug: 'politics',
    name: 'Politics',
    parent: 'bulgaria',
    description: 'Government, parliament, elections and the institutions that shape public life in Bulgaria.',
  },
  {
    slug: 'society',
    name: 'Society',
    parent: 'bulgaria',
    description: 'Education, health, transport, migration and everyday life in Bulgarian communities.',
  },
  {
    slug: 'economy',
    name: 'Economy',
    parent: 'bulgaria',
    description: 'Public finances, prices, jobs, tourism and the road to the euro in Bulgaria.',
  },
  {
    slug: 'world',
    name: 'World',
    description: 'International news from our correspondents and partner agencies around the world.',
  },
  {
    slug: 'ukraine',
    name: 'Ukraine',
    parent: 'world',
    description: 'The war in Ukraine, its diplomacy and its impact on the Black Sea region.',
  },
  {
    slug: 'europe',
    name: 'Europe',
    parent: 'world',
    description: 'Politics, economies and societies across the European Union and its neighbourhood.',
  },
  {
    slug: 'middle-east',
    name: 'Middle East',
    parent: 'world',
    description: 'Conflict, diplomacy, energy and water across the Middle East and North Africa.',
  },
  {
    slug: 'asia',
    name: 'Asia',
    parent: 'world',
    description: 'Security, trade and politics from the Korean peninsula to South and Southeast Asia.',
  },
  {
    slug: 'americas',
    name: 'Americas',
    parent: 'world',
    description: 'News from the United States, Canada and Latin America.',
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'Companies, industries and the forces moving regional and global markets.',
  },
  {
    slug: 'energy',
    name: 'Energy',
    parent: 'business',
    description: 'Gas, electricity, nuclear power and renewables in Bulgaria and the wider region.',
  },
  {
    slug: 'markets',
    name: 'Markets',
    parent: 'business',
    description: 'Shares, bonds, commodities and currencies, with a focus on Sofia and south-east Europe.',
  },
  {
    slug: 'technology',
    name: 'Technology',
    parent: 'business',
    description: 'Software, telecoms, startups and digital policy in Bulgaria and the EU.',
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Film, music, art, heritage and festivals from Bulgaria and beyond.',
  },
  {
    slug: 'sports',
    name: 'Sports',
    description: 'Football, wrestling, gymnastics and other sports, with Bulgarian athletes in focus.',
  },
  {
    slug: 'world-news-in-brief',
    name: 'World News in Brief',
    description: "Short reports on the day's main international developments.",
  },
  {
    slug: 'foreign-media-analysis',
    name: 'Foreign Media Analysis',
    description:
      'How newspapers and broadcasters abroad see Bulgaria, the region and the big stories of the day.',
  },
];

export const demoAuthors: DemoAuthor[] = [
  {
    slug: 'nadia-kostova',
    name: 'Nadia Kostova',
    bio: "Nadia Kostova covers Bulgarian politics, parliament and social affairs from the agency's Sofia newsroom.",
  },
  {
    slug: 'martin-velchev',
    name: 'Martin Velchev',
    bio: "Martin Velchev is the economics editor, writing about public finances, banking and Bulgaria's adoption of the euro.",
  },
  {
    slug: 'irina-dobreva',
    name: 'Irina Dobreva',
    bio: 'Irina Dobreva reports on Ukraine, the Black Sea region and European affairs for the world desk.',
  },
  {
    slug: 'georgi-lazarov',
    name: 'Georgi Lazarov',
    bio: 'Georgi Lazarov writes about energy, technology and commodity markets in south-east Europe.',
  },
  {
    slug: 'clara-whitfield',
    name: 'Clara Whitfield',
    bio: "Clara Whitfield edits the international news briefs and the agency's weekly review of the foreign press.",
  },
  {
    slug: 'stefan-angelov',
    name: 'Stefan Angelov',
    bio: 'Stefan Angelov covers culture, film festivals and sport, with a particular interest in Bulgarian football.',
  },
  {
    slug: 'readers',
    name: 'Reader contribution',
    bio: 'Articles written by readers and edited by the agency, reflecting personal views and experiences.',
  },
];
