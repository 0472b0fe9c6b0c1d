// Seed data for the published book templates of Sal's Memory Maker.
// Pure data: no imports, safe to load from any seed script.

export type SeedQuestion = {
  key: string // /^[a-zA-Z][a-zA-Z0-9_]*$/, unique within the template
  label: string // <= 200 chars, shown to the customer
  type: 'text' | 'longText' | 'date' | 'photo' | 'choice'
  required: boolean
  help?: string // <= 300 chars
  options?: string[] // only and always for type 'choice' (2-8 options)
}

export type SeedBlueprint = {
  title: string // <= 160 chars
  layout:
    | 'title-page'
    | 'text-only'
    | 'photo-full'
    | 'photo-left'
    | 'photo-right'
    | 'photo-top'
    | 'collage'
    | 'closing'
  prompt?: string // instruction for an AI writer, <= 1200 chars, refers to answers as {{questionKey}}; omit when fixedText is set
  imagePrompt?: string // optional illustration prompt, <= 400 chars
  photoQuestion?: string // key of a 'photo' question of the same template; only on photo layouts
  fixedText?: string // when set the page is locked to this exact text; <= 600 chars
  sampleText: string // 40-120 words of example text for the storefront preview, paragraphs separated by a blank line
}

export type SeedTemplate = {
  title: string
  slug: string // lowercase-hyphenated, e.g. 'baby-first-year'
  description: string // 1-3 sentences for the catalogue
  occasion:
    | 'baby'
    | 'wedding'
    | 'birthday'
    | 'anniversary'
    | 'life-story'
    | 'memorial'
    | 'travel'
    | 'family'
    | 'other'
  cover: {
    from: string
    to: string
    accent: string
    motif: 'stars' | 'hearts' | 'leaves' | 'rings' | 'waves'
  } // hex colours for a generated cover
  prices: { currency: 'usd'; hardcover: number; softcover: number; pdf: number } // minor units (cents)
  questions: SeedQuestion[]
  blueprints: SeedBlueprint[]
}

/** Rules appended to every AI prompt so the writer stays truthful and on tone. */
const STYLE =
  ' Write in a {{tone}} tone. Use only the facts given in the answers; never invent names, dates, places, events or quotes. If an answer is empty or thin, write gently around it instead of guessing. Plain prose only: no headings, lists or emojis.'

// ---------------------------------------------------------------------------
// 1. Baby's first year
// ---------------------------------------------------------------------------

const babyFirstYear: SeedTemplate = {
  title: "Baby's First Year",
  slug: 'baby-first-year',
  description:
    'A keepsake of the first twelve months, from the day your little one arrived to their first steps and first words. Answer a few questions, add your favourite photos, and we turn them into a beautifully written book to treasure for a lifetime.',
  occasion: 'baby',
  cover: { from: '#FDE2E4', to: '#CDE7F0', accent: '#F4A261', motif: 'stars' },
  prices: { currency: 'usd', hardcover: 5900, softcover: 3900, pdf: 1900 },
  questions: [
    {
      key: 'babyName',
      label: "What is your baby's name?",
      type: 'text',
      required: true,
      help: 'Write it exactly as you would like it to appear in the book, for example "Mila Rose".',
    },
    {
      key: 'birthDate',
      label: 'When was your baby born?',
      type: 'date',
      required: true,
    },
    {
      key: 'parentNames',
      label: 'Who is this book from?',
      type: 'text',
      required: true,
      help: 'The names used to sign the book, for example "Mum and Dad" or "Anna and Tom". You can mention siblings or pets too.',
    },
    {
      key: 'birthStory',
      label: 'Tell us about the day your baby arrived.',
      type: 'longText',
      required: false,
      help: 'Where were you, who was there, what was the weather like, and what did you feel the first time you held them? A few sentences are plenty.',
    },
    {
      key: 'milestones',
      label: 'What were the big moments and little favourites of the first year?',
      type: 'longText',
      required: false,
      help: 'First smile, first laugh, first food, first word, first steps, favourite songs, toys, games or places. Add rough months if you remember them.',
    },
    {
      key: 'newbornPhoto',
      label: 'Upload a photo from the first days.',
      type: 'photo',
      required: true,
      help: 'A clear, well-lit photo works best. This one is used for the large opening picture.',
    },
    {
      key: 'yearPhoto',
      label: 'Upload a favourite photo from later in the first year.',
      type: 'photo',
      required: false,
      help: 'A smiley portrait, a first birthday cake moment, or anything that shows how much they have grown.',
    },
    {
      key: 'tone',
      label: 'How should the book feel?',
      type: 'choice',
      required: true,
      options: ['Heartfelt', 'Playful', 'Poetic'],
    },
  ],
  blueprints: [
    {
      title: 'Your First Year',
      layout: 'title-page',
      prompt:
        'Write a short title-page subtitle for a memory book about the first year of {{babyName}}, born on {{birthDate}}. Two or three short lines, 25-45 words in total, ending with "With love from {{parentNames}}".' +
        STYLE,
      imagePrompt:
        'Soft watercolour nursery illustration: a crescent moon and scattered little stars over a sleeping teddy bear, pastel pink and powder blue, lots of white space for the title.',
      sampleText:
        'Mila Rose\n\nThe story of a very small person and a very big first year: the sleepy mornings, the giggles, the wobbly firsts and all the ordinary little days that turned out to be extraordinary.\n\nWith love from Mum and Dad',
    },
    {
      title: 'Dedication',
      layout: 'text-only',
      fixedText:
        'This book was made with love, just for you. Every page holds a piece of your first year: the sleepy mornings, the giggles, the firsts and the tiny everyday wonders. One day, when you are grown, we hope you read it and know how deeply you were loved from the very start.',
      sampleText:
        'This book was made with love, just for you. Every page holds a piece of your first year: the sleepy mornings, the giggles, the firsts and the tiny everyday wonders. One day, when you are grown, we hope you read it and know how deeply you were loved from the very start.',
    },
    {
      title: 'Hello, Little One',
      layout: 'photo-full',
      photoQuestion: 'newbornPhoto',
      prompt:
        'Write a short caption (30-50 words) to sit over a full-page newborn photo of {{babyName}}. Address the baby directly as "you" and welcome them into the world. Mention the birth date {{birthDate}} once, written naturally (e.g. "the fourth of March").' +
        STYLE,
      sampleText:
        'Hello, Mila. You arrived on a grey March morning and suddenly everything was bright. You were tiny, warm and perfect, with a frown that melted into the softest yawn. We could not stop looking at you, and honestly, we still cannot.',
    },
    {
      title: 'The Day You Arrived',
      layout: 'text-only',
      prompt:
        'Tell the story of the day {{babyName}} was born, addressed to the baby as "you", written by {{parentNames}}. Length 140-190 words, two or three paragraphs. Base every detail on {{birthStory}}: where it happened, who was there, the weather, the first cuddle. Open with a sensory detail from the answer and end on the feeling of holding {{babyName}} for the first time. If {{birthStory}} is empty, write a gentle, general reflection on the wonder of a first meeting on {{birthDate}} without inventing specifics.' +
        STYLE,
      sampleText:
        'It was raining softly on the morning you decided it was time. Dad forgot the bag by the door and had to run back for it, and Grandma Jo was already waiting at the hospital with a flask of tea.\n\nYou took your time, as you still do with everything you love. At 11:42 you finally arrived, pink and furious and absolutely perfect.\n\nWhen the nurse placed you on my chest, the whole room went quiet. You opened one eye, looked at us as if to say "so it is you", and fell asleep. That was the moment we became a family of three.',
    },
    {
      title: 'Those Very First Days',
      layout: 'photo-right',
      photoQuestion: 'newbornPhoto',
      prompt:
        'Write 90-130 words about the first days at home with {{babyName}}, to sit beside a newborn photo. Draw on any early details in {{birthStory}} and {{milestones}} (sleep, feeding, tiny habits). Focus on small, tender, realistic moments. Address the baby as "you".' +
        STYLE,
      sampleText:
        'Those first days were a blur of milk, lullabies and very little sleep. You liked to be held upright against a shoulder, and you made a little squeak whenever you stretched.\n\nWe learned your cries one by one: hungry, tired, and the special one that simply meant "hold me closer". The house was quieter than ever and somehow fuller than ever, all at once.',
    },
    {
      title: 'Your Family Was Waiting',
      layout: 'text-only',
      prompt:
        'Write 110-160 words introducing {{babyName}} to the people who made this book, {{parentNames}}. Describe how they were waiting and preparing, and how the family changed when {{babyName}} arrived. Only mention siblings, grandparents or pets if they appear in {{parentNames}}, {{birthStory}} or {{milestones}}. Address the baby as "you".' +
        STYLE,
      sampleText:
        'Long before you arrived, we were waiting for you. Dad painted your room a soft yellow and built the cot twice because the first time there were screws left over. I sang to you every evening, mostly off-key.\n\nYour big brother Leo asked every single day whether you were coming "today". When you finally did, he held your hand and announced that you were his. Biscuit the dog has been guarding your door ever since.',
    },
    {
      title: 'Your Name',
      layout: 'text-only',
      prompt:
        'Write 70-110 words about the name {{babyName}}: how it looks written down, how it sounds when the family says it, and what it has come to mean to {{parentNames}}. Only mention why the name was chosen if that is stated in {{birthStory}}. Do not invent an origin, meaning or namesake for the name.' +
        STYLE,
      imagePrompt:
        'Delicate hand-lettered space with a ribbon banner and tiny stars around it, pastel watercolour, centred, no text.',
      sampleText:
        'Mila. Four little letters that we whispered for months before you were born, just to hear how they sounded.\n\nNow your name is everywhere: on the label of your favourite blanket, in songs made up at bath time, in the sleepy "Mila-boo" we say at three in the morning. It is short and strong and gentle, just like you. We cannot imagine you being called anything else.',
    },
    {
      title: 'Growing Bigger Every Day',
      layout: 'photo-top',
      photoQuestion: 'yearPhoto',
      prompt:
        'Write 90-130 words, to sit under a photo, about how {{babyName}} grew and changed through the first year: from a newborn to a little person with a personality of their own. Use changes mentioned in {{milestones}} where available. Address the baby as "you".' +
        STYLE,
      sampleText:
        "Every week you seemed to grow a little more. Your sleepsuits went from baggy to snug almost overnight, and your cheeks became the most kissable cheeks in the world.\n\nBy summer you were sitting up and watching everything with serious, curious eyes. By autumn you had opinions, mostly about bananas, bath time and the neighbour's cat. You were becoming you, and it was the best thing we have ever seen.",
    },
    {
      title: 'Firsts We Will Never Forget',
      layout: 'text-only',
      prompt:
        'Write 140-190 words celebrating {{babyName}}\'s firsts from {{milestones}}: first smile, laugh, food, word, steps or anything else listed, in the order they happened if months are given. Give each first its own small vivid moment rather than a list. Never add a milestone or month that is not in the answer. Address the baby as "you".' +
        STYLE,
      sampleText:
        'Your first real smile came at six weeks, aimed straight at Dad while he was pulling a silly face. He has been pulling silly faces ever since, just in case.\n\nYou laughed for the first time at a sneeze, of all things, and we spent a whole evening pretending to sneeze. Your first food was mashed avocado, which you wore more than ate.\n\nThen, just before your birthday, you let go of the sofa, wobbled three brave steps towards me and sat down with a proud little bump. We cheered so loudly that you started clapping too.',
    },
    {
      title: 'Your Favourite Things',
      layout: 'photo-left',
      photoQuestion: 'yearPhoto',
      prompt:
        'Write 80-120 words about {{babyName}}\'s favourite things during the first year, such as songs, toys, games, foods or places, using only those mentioned in {{milestones}}. Make it feel like a warm little portrait of the baby\'s personality. Address the baby as "you".' +
        STYLE,
      sampleText:
        'You loved: the ducks at the park, the crinkly giraffe called Mr Spots, and any song with clapping in it.\n\nYou were quite sure that peekaboo was the funniest game ever invented, and you never got tired of it, even when we did. You loved bath time, blueberries and being carried in the sling on long walks, where you fell asleep with your nose pressed against my coat.',
    },
    {
      title: 'Four Seasons of You',
      layout: 'text-only',
      prompt:
        "Write 120-170 words walking through {{babyName}}'s first year season by season, starting from the season of {{birthDate}} and moving through the following twelve months. Keep any weather or season detail general unless it is in {{birthStory}} or {{milestones}}, and tie each season to a change or milestone from {{milestones}} where possible." +
        STYLE,
      sampleText:
        'You arrived in spring, when the blossom on our street was just opening. By summer you were kicking your legs on a blanket in the garden, fascinated by the shadows of the leaves.\n\nAutumn brought your first word, "da", and a very small pair of wellies. In winter you watched the fairy lights for hours and tried to eat the wrapping paper.\n\nAnd then it was spring again, and you were one.',
    },
    {
      title: 'Snapshots of a Wonderful Year',
      layout: 'collage',
      photoQuestion: 'yearPhoto',
      prompt:
        "Write a short collage caption of 40-70 words for a page of photos from {{babyName}}'s first year. One or two sentences that capture the joy of the year as a whole, referring lightly to moments in {{milestones}}." +
        STYLE,
      sampleText:
        'A year of sticky fingers and sleepy cuddles, of first smiles, first splashes and first wobbly steps. These are just a few of the moments we never want to forget, the ones we will look back on and say: that was the year Mila arrived and made everything brighter.',
    },
    {
      title: 'A Letter from Us',
      layout: 'text-only',
      prompt:
        'Write a personal letter of 150-200 words from {{parentNames}} to {{babyName}}, to be read when the child is older. Begin with "Dear {{babyName}}," and end with a sign-off using {{parentNames}}. Reflect on what the first year taught the parents and how it changed them, referring to one or two real moments from {{birthStory}} or {{milestones}}. Avoid clichés about time flying unless the tone is Playful and it is used with a wink.' +
        STYLE,
      sampleText:
        'Dear Mila,\n\nWhen you read this you will probably be taller than the kitchen counter and much too grown-up for peekaboo. But we want you to know what this first year was like for us.\n\nYou taught us patience at three in the morning. You taught us that a good day can be made of very small things: a warm bottle, a sunny walk, a laugh at a sneeze. You made us braver, softer and far more tired than we knew was possible, and we would not change a single minute.\n\nAll our love, always,\nMum and Dad',
    },
    {
      title: 'Wishes for Your Future',
      layout: 'text-only',
      prompt:
        'Write 90-130 words of hopes and wishes for the future of {{babyName}} from {{parentNames}}. Keep the wishes about character and happiness (kindness, curiosity, courage, being loved) rather than specific careers or achievements. You may echo a personality trait hinted at in {{milestones}}.' +
        STYLE,
      imagePrompt:
        'A paper boat sailing on a gentle pastel sea under a sky of small stars, soft watercolour, calm and hopeful.',
      sampleText:
        'We wish you a life full of curiosity, the same curiosity that made you stare at the leaves for an hour. We wish you good friends, muddy puddles and books you cannot put down.\n\nWe hope you are brave when you need to be and gentle when it matters. We hope you always know that home is a place you can come back to. Most of all, we wish you joy, lots of it, every single day.',
    },
    {
      title: 'The Adventure Continues',
      layout: 'closing',
      fixedText:
        'And so ends your very first chapter. You have grown so much in twelve short months, and so have we. There are many more adventures waiting for you: new words, new friends, new places and new dreams. Whatever comes next, remember that you will always be our greatest joy. With all our love, forever.',
      imagePrompt:
        'A tiny pair of shoes beside a birthday candle shaped like the number one, pastel colours, soft stars in the background.',
      sampleText:
        'And so ends your very first chapter. You have grown so much in twelve short months, and so have we. There are many more adventures waiting for you: new words, new friends, new places and new dreams. Whatever comes next, remember that you will always be our greatest joy. With all our love, forever.',
    },
  ],
}

// ---------------------------------------------------------------------------
// 2. A grandparent's life story
// ---------------------------------------------------------------------------

const grandparentLifeStory: SeedTemplate = {
  title: "A Grandparent's Life Story",
  slug: 'grandparent-life-story',
  description:
    'Capture the childhood, adventures, love and wisdom of a much-loved grandparent in a book the whole family can keep. Share their memories in your own words and we shape them into a warm, beautifully told life story.',
  occasion: 'life-story',
  cover: { from: '#F3E9DC', to: '#C9A87C', accent: '#5E3A1E', motif: 'leaves' },
  prices: { currency: 'usd', hardcover: 6900, softcover: 4500, pdf: 2200 },
  questions: [
    {
      key: 'personName',
      label: "What is your grandparent's full name?",
      type: 'text',
      required: true,
      help: 'For example "Margaret Ellison". Include a maiden name if you would like it mentioned.',
    },
    {
      key: 'familyName',
      label: 'What do the grandchildren call them?',
      type: 'text',
      required: true,
      help: 'The name used with love in your family, for example "Nana Peg", "Grandpa Joe" or "Oma".',
    },
    {
      key: 'birthDate',
      label: 'When were they born?',
      type: 'date',
      required: false,
      help: 'If you only know the year, leave this empty and mention the year in the childhood answer instead.',
    },
    {
      key: 'childhood',
      label: 'Where did they grow up, and what was their childhood like?',
      type: 'longText',
      required: true,
      help: 'Hometown, parents and siblings, the house they lived in, school, games, chores, favourite foods, a story they often tell about being young.',
    },
    {
      key: 'lifeStory',
      label: 'Tell us about their adult life: work, love, family and the moments they are proudest of.',
      type: 'longText',
      required: true,
      help: 'Jobs and passions, how they met their partner, children, moves, hard times they came through, family traditions, hobbies, and any sayings or advice they always repeat.',
    },
    {
      key: 'portraitPhoto',
      label: 'Upload a recent photo of them.',
      type: 'photo',
      required: true,
      help: 'A clear portrait where their face is easy to see works best for the full-page picture.',
    },
    {
      key: 'earlierPhoto',
      label: 'Upload a photo from earlier in their life.',
      type: 'photo',
      required: false,
      help: 'A childhood picture, a wedding photo, or any old snapshot. A phone photo of a printed picture is fine.',
    },
    {
      key: 'tone',
      label: 'How should the book feel?',
      type: 'choice',
      required: true,
      options: ['Heartfelt', 'Playful', 'Poetic', 'Nostalgic'],
    },
  ],
  blueprints: [
    {
      title: 'A Life Well Lived',
      layout: 'title-page',
      prompt:
        'Write a title-page subtitle for the life story of {{personName}}, known to the family as {{familyName}}. Two or three short lines, 25-45 words, hinting at one theme that truly stands out in {{childhood}} or {{lifeStory}}.' +
        STYLE,
      imagePrompt:
        'Warm vintage illustration of an old oak tree with deep roots and autumn leaves drifting down, sepia and honey tones, plenty of empty space for a title.',
      sampleText:
        'The Story of Margaret Ellison\n\nKnown to all of us as Nana Peg: a farm girl from the valley who became a teacher, a baker of legendary apple cake, and the heart of a very noisy family.\n\nTold with love by her grandchildren',
    },
    {
      title: 'For the Family',
      layout: 'text-only',
      fixedText:
        'For our family, past, present and still to come. These pages gather the stories, memories and lessons of a life that shaped all of ours. May they be read aloud, passed from hand to hand, and remembered long after the last page is turned.',
      sampleText:
        'For our family, past, present and still to come. These pages gather the stories, memories and lessons of a life that shaped all of ours. May they be read aloud, passed from hand to hand, and remembered long after the last page is turned.',
    },
    {
      title: 'Portrait',
      layout: 'photo-full',
      photoQuestion: 'portraitPhoto',
      prompt:
        'Write a caption of 30-50 words to sit over a full-page portrait of {{personName}} ({{familyName}}). Describe, warmly and simply, what the family sees when they look at this face, drawing on qualities evident in {{lifeStory}}. Do not describe physical features you cannot know.' +
        STYLE,
      sampleText:
        'This is Nana Peg: the first one up in the morning, the last one to leave the kitchen, and the one who always knows exactly where the plasters are. Behind that smile are ninety years of stories, and here are some of them.',
    },
    {
      title: 'Where It All Began',
      layout: 'text-only',
      prompt:
        'Write 150-200 words about the birth and earliest years of {{personName}}. Mention the birth date {{birthDate}} naturally if given, then describe the place, home and family they grew up in, using only details from {{childhood}}. Write in the third person, as the family telling the story. Open with a concrete image from the answer (a house, a street, a kitchen).' +
        STYLE,
      sampleText:
        'Margaret was born on a cold February morning in 1934, in the stone farmhouse at the end of Mill Lane. She was the third of five children, and the only girl who could whistle through her fingers.\n\nThe house had one fire, one bath and always a pot of something on the stove. Her mother kept hens and sold eggs at the Saturday market; her father worked the fields from dawn until the light went.\n\nThere was never much money, Nana says, but there was always enough bread, and always room for one more at the table.',
    },
    {
      title: 'Growing Up',
      layout: 'photo-left',
      photoQuestion: 'earlierPhoto',
      prompt:
        'Write 90-130 words to sit beside an old photograph of {{personName}}. Describe what growing up was like for them: school, games, friends, chores or favourite foods, using only details from {{childhood}}. Third person.' +
        STYLE,
      sampleText:
        'School was a two-mile walk each way, across the fields in summer and along the road when the snow came. Margaret loved arithmetic and hated knitting, a fact her teacher never quite forgave.\n\nAfter school there were hens to feed and younger brothers to chase. On Sundays the whole family walked to the river, and the children raced paper boats under the old bridge.',
    },
    {
      title: 'A Story We Always Hear',
      layout: 'text-only',
      prompt:
        'Retell, in 120-170 words, one story from the childhood of {{personName}} that appears in {{childhood}}, as if {{familyName}} were telling it at the kitchen table. Keep the events exactly as given; you may add gentle narrative rhythm but no new facts. If no single story is given, write a warm reflection on the childhood described instead.' +
        STYLE,
      imagePrompt:
        'Vintage illustration of paper boats floating under a small stone bridge on a summer river, soft sepia tones.',
      sampleText:
        'Every family has a story it never tires of, and ours is the one about the pig.\n\nWhen Margaret was nine, the prize pig escaped on the morning of the village show. While the grown-ups shouted and ran in circles, she simply walked into the orchard with a bucket of apples and led it home.\n\nShe was given a rosette that afternoon, although, as she always points out, the pig got the credit. She still keeps the rosette in her sewing tin.',
    },
    {
      title: 'Setting Out into the World',
      layout: 'text-only',
      prompt:
        'Write 130-180 words about how {{personName}} left childhood behind and began adult life: first jobs, training, moves or early independence, using only {{lifeStory}} and, where relevant, {{childhood}}. Third person. Show the courage or curiosity it took, without exaggerating.' +
        STYLE,
      sampleText:
        'At eighteen, Margaret packed one suitcase and took the train to the city to train as a teacher. She had never seen a building taller than the church.\n\nShe lodged with a widow who served boiled cabbage every night and locked the door at ten sharp. Margaret learned to live on very little, walked everywhere to save the bus fare, and spent her Saturdays in the public library.\n\nTwo years later she stood in front of her first class of thirty-two children. She was terrified, she admits, but nobody noticed.',
    },
    {
      title: 'Love and Family',
      layout: 'photo-right',
      photoQuestion: 'earlierPhoto',
      prompt:
        'Write 140-190 words about love and family in the life of {{personName}}: how they met their partner, their marriage, and the children who came along, using only what is in {{lifeStory}}. If no partner or children are mentioned, write instead about the people who were family to them as described. Third person, tender but not sentimental.' +
        STYLE,
      sampleText:
        'Margaret met Arthur at a church dance in 1956. He trod on her toes twice and asked her to dance a third time anyway, which she decided was either very brave or very foolish.\n\nThey married the following spring, in a dress she sewed herself, and moved into a little terraced house with a green door. Their daughters, Susan and Claire, arrived within three years of each other.\n\nArthur grew tomatoes, Margaret grew children, she likes to joke, and somehow the house was always full of both.',
    },
    {
      title: 'Work and Purpose',
      layout: 'text-only',
      prompt:
        "Write 110-160 words about the work, passions or causes that gave {{personName}} a sense of purpose, using only {{lifeStory}}. Include any achievement they are proud of, described with quiet pride rather than grand claims. If their life's work was caring for home and family, honour that fully." +
        STYLE,
      sampleText:
        'For thirty-one years, Nana Peg taught at Hillside Primary. She taught hundreds of children to read, to add up and to say please, and she still gets Christmas cards from some of them.\n\nShe was proudest, she says, not of the clever ones but of the children who found school hard and kept going anyway. When she retired, the whole school lined the playground and sang to her. She pretends she did not cry.',
    },
    {
      title: 'Then and Now',
      layout: 'photo-top',
      photoQuestion: 'portraitPhoto',
      prompt:
        'Write 90-130 words, placed under a recent photo, reflecting on how {{personName}} has stayed the same and how they have changed across the years since {{birthDate}}. Draw only on qualities and habits described in {{childhood}} and {{lifeStory}}.' +
        STYLE,
      sampleText:
        'The girl who whistled through her fingers is still there, if you know where to look. Nana still walks every morning, still does the crossword in pen, and still cannot resist telling you when your collar is crooked.\n\nHer hair is white now and her hands are slower at the pastry, but her laugh has not changed at all. It fills the whole room, just as it did at that church dance in 1956.',
    },
    {
      title: 'Treasured Traditions',
      layout: 'text-only',
      prompt:
        'Write 110-160 words about the family traditions, recipes, rituals or hobbies that {{familyName}} has passed down, as described in {{lifeStory}} or {{childhood}}. Describe one tradition in rich, sensory detail rather than listing many. Third person, in the voice of the grandchildren.' +
        STYLE,
      imagePrompt:
        'A rustic kitchen table with an apple cake, a teapot and a handwritten recipe card, warm afternoon light, vintage illustration style.',
      sampleText:
        "No family gathering is complete without Nana Peg's apple cake. The recipe lives on a stained card in her handwriting, but she never actually looks at it.\n\nEvery autumn, the grandchildren gather in her kitchen to peel the apples, and every autumn someone tries to eat the peel in one long ribbon. The cake is always too hot to cut and always cut anyway.\n\nThere is also the Boxing Day walk, in any weather, which she insists is good for the soul.",
    },
    {
      title: 'Words of Wisdom',
      layout: 'text-only',
      prompt:
        'Write 100-150 words sharing the wisdom of {{personName}}. Use only sayings, advice or values that are stated in {{lifeStory}} or {{childhood}}; quote sayings exactly as written and never invent new quotes. If no advice is given, describe the values that show in the life described, making clear these are lessons the family learned by watching {{familyName}}.' +
        STYLE,
      sampleText:
        '"Put the kettle on first, then worry." That is Nana Peg\'s answer to almost every problem, and it works more often than you would think.\n\nShe has always said that manners cost nothing and that you should leave every place a little tidier than you found it. She believes in thank-you letters, second chances and a good walk after Sunday lunch.\n\nMost of all, she taught us by example that kindness is something you do, not something you say.',
    },
    {
      title: 'Faces and Places',
      layout: 'collage',
      photoQuestion: 'earlierPhoto',
      prompt:
        'Write a collage caption of 40-70 words for a page of photographs across the life of {{personName}}. One or two sentences that evoke the people and places of that life, naming only places and people that appear in {{childhood}} or {{lifeStory}}.' +
        STYLE,
      sampleText:
        'The farmhouse on Mill Lane, the little terraced house with the green door, the classroom at Hillside, and a kitchen that has fed four generations. These are the places that made Nana Peg, and the faces that fill her life with love.',
    },
    {
      title: 'What We Want You to Know',
      layout: 'text-only',
      prompt:
        'Write a letter of 140-190 words from the grandchildren to {{familyName}}. Begin with "Dear {{familyName}}," and thank them for specific things drawn from {{lifeStory}} and {{childhood}}, such as traditions, lessons or the way they cared for others. End with "With all our love, your grandchildren". Do not name individual grandchildren unless they are mentioned in the answers.' +
        STYLE,
      sampleText:
        'Dear Nana Peg,\n\nThank you for the apple cake, the Boxing Day walks and the crosswords you let us "help" with. Thank you for teaching us to read before we started school, and for pretending not to notice when we stole the cake mix.\n\nYou have shown us that a life does not need to be grand to be remarkable. It needs patience, courage and a kettle that is always warm. We hope we make you as proud as you make us.\n\nWith all our love, your grandchildren',
    },
    {
      title: 'The Story Continues',
      layout: 'closing',
      fixedText:
        'Every life is a story, and this one is still being written. Thank you for the laughter, the patience, the lessons and the love you have given so freely. Your story lives on in each of us, in the traditions we keep and the kindness we pass on. With gratitude and love, always.',
      imagePrompt:
        'An open book resting on a windowsill with autumn leaves and a cup of tea, soft golden evening light, vintage illustration.',
      sampleText:
        'Every life is a story, and this one is still being written. Thank you for the laughter, the patience, the lessons and the love you have given so freely. Your story lives on in each of us, in the traditions we keep and the kindness we pass on. With gratitude and love, always.',
    },
  ],
}

// ---------------------------------------------------------------------------
// 3. Wedding
// ---------------------------------------------------------------------------

const ourWeddingStory: SeedTemplate = {
  title: 'Our Wedding Story',
  slug: 'our-wedding-story',
  description:
    'Tell the story of how you met, the proposal and every unforgettable moment of your wedding day. A beautifully written keepsake for your first anniversary, or a gift for the couple you love.',
  occasion: 'wedding',
  cover: { from: '#FBF7F2', to: '#E8D5C4', accent: '#B08D57', motif: 'rings' },
  prices: { currency: 'usd', hardcover: 6900, softcover: 4500, pdf: 2200 },
  questions: [
    {
      key: 'partnerOne',
      label: "What is the first partner's name?",
      type: 'text',
      required: true,
      help: 'The first name as you would like it to appear, for example "Olivia".',
    },
    {
      key: 'partnerTwo',
      label: "What is the second partner's name?",
      type: 'text',
      required: true,
      help: 'The first name as you would like it to appear, for example "Daniel".',
    },
    {
      key: 'weddingDate',
      label: 'When was (or is) the wedding?',
      type: 'date',
      required: true,
    },
    {
      key: 'ourStory',
      label: 'How did you meet, fall in love and get engaged?',
      type: 'longText',
      required: true,
      help: 'Where and how you first met, first impressions, your first date, a moment you knew, and how the proposal happened. Little details and funny moments make the best pages.',
    },
    {
      key: 'weddingDay',
      label: 'Tell us about the wedding day itself.',
      type: 'longText',
      required: true,
      help: 'The venue, getting ready, the ceremony, the vows or readings, the first dance, speeches, the weather, unexpected moments and who was there.',
    },
    {
      key: 'couplePhoto',
      label: 'Upload a favourite photo of the two of you.',
      type: 'photo',
      required: true,
      help: 'Any photo you love together, from the engagement or from everyday life. Portrait or landscape both work.',
    },
    {
      key: 'weddingPhoto',
      label: 'Upload a favourite photo from the wedding day.',
      type: 'photo',
      required: false,
      help: 'The ceremony, the first dance, the guests, or a candid moment. High-resolution photographer images look best in print.',
    },
    {
      key: 'tone',
      label: 'How should the book feel?',
      type: 'choice',
      required: true,
      options: ['Heartfelt', 'Playful', 'Poetic', 'Romantic'],
    },
  ],
  blueprints: [
    {
      title: 'Our Wedding Story',
      layout: 'title-page',
      prompt:
        'Write a title-page subtitle for the wedding book of {{partnerOne}} and {{partnerTwo}}, married on {{weddingDate}}. Two or three short lines, 25-45 words, that capture the spirit of their love story as described in {{ourStory}}.' +
        STYLE,
      imagePrompt:
        'Elegant line illustration of two interlocking gold rings wreathed in eucalyptus and small white flowers, ivory background, lots of empty space for the title.',
      sampleText:
        'Olivia and Daniel\n\nA love story that began with a spilled coffee on a rainy Tuesday and led, four years later, to a sunny garden, a very long table and the best day of our lives.\n\nMarried on the fourteenth of June',
    },
    {
      title: 'Dedication',
      layout: 'text-only',
      fixedText:
        'To everyone who loved us, cheered for us and travelled near and far to stand beside us: this book is for you, too. It holds the story of how two lives became one, told with gratitude for every person and every moment that brought us here.',
      sampleText:
        'To everyone who loved us, cheered for us and travelled near and far to stand beside us: this book is for you, too. It holds the story of how two lives became one, told with gratitude for every person and every moment that brought us here.',
    },
    {
      title: 'The Two of Us',
      layout: 'photo-full',
      photoQuestion: 'couplePhoto',
      prompt:
        'Write a caption of 30-50 words to sit over a full-page photo of {{partnerOne}} and {{partnerTwo}}. Capture what makes them a pair, drawing on a detail from {{ourStory}}. Write in the first person plural ("we").' +
        STYLE,
      sampleText:
        'Olivia and Daniel: one early riser and one night owl, one planner and one "let\'s see what happens". Somehow it works perfectly. This is the story of how we found each other, and of the day we promised to keep choosing each other.',
    },
    {
      title: 'How It Began',
      layout: 'text-only',
      prompt:
        'Write 140-190 words about how {{partnerOne}} and {{partnerTwo}} first met, using only the details in {{ourStory}}: where, when, the circumstances and first impressions. Use the first person plural ("we"). Open in the moment, with a concrete detail from the answer, and end with a hint that something had begun.' +
        STYLE,
      sampleText:
        'It was a rainy Tuesday in October and the café on Harbour Street was packed. Daniel turned around too quickly with a flat white and Olivia wore most of it.\n\nHe apologised eleven times, she counted, and insisted on buying her another coffee. She accepted mainly so he would stop apologising.\n\nThey ended up sharing the last free table, talking about terrible books and good dogs until the rain stopped and the café closed. Neither of them remembers walking home, only that they had forgotten to be anywhere else.',
    },
    {
      title: 'Falling in Love',
      layout: 'text-only',
      prompt:
        'Write 130-180 words about how the relationship of {{partnerOne}} and {{partnerTwo}} grew: the first date, shared adventures, and the moment either of them knew, using only details from {{ourStory}}. First person plural. Show rather than tell, with one or two specific moments.' +
        STYLE,
      imagePrompt:
        'Two coffee cups on a café table by a rain-streaked window, warm light, soft watercolour, romantic and cosy.',
      sampleText:
        'Our first proper date was a picnic that got rained out, so we ate sandwiches in the car and watched the storm roll over the hills. It was, we both agree, perfect.\n\nThere were weekend walks, a disastrous attempt at making pasta from scratch, and a road trip where we got lost for three hours and did not mind at all.\n\nOlivia knew the night Daniel drove across town with soup when she had the flu. Daniel knew the first time she laughed at his worst joke.',
    },
    {
      title: 'The Question',
      layout: 'photo-right',
      photoQuestion: 'couplePhoto',
      prompt:
        'Write 120-170 words telling the story of the proposal between {{partnerOne}} and {{partnerTwo}}, using only what {{ourStory}} says: who asked, where, how, and the answer. First person plural. Build gently to the question and end on the reply. If no proposal is described, write about the decision to marry instead, without inventing details.' +
        STYLE,
      sampleText:
        'Daniel had planned everything: a sunrise walk up to the lighthouse, a flask of coffee and a speech he had practised for weeks. Then it poured with rain.\n\nSo he asked in the car park instead, down on one knee in a puddle, with the speech completely forgotten. All he managed was "Will you, please?"\n\nOlivia said yes before he had even opened the box. The coffee was cold and the ring was a little too big, and it was the best morning of our lives.',
    },
    {
      title: 'Getting Ready',
      layout: 'text-only',
      prompt:
        'Write 110-160 words about the morning of the wedding on {{weddingDate}} for {{partnerOne}} and {{partnerTwo}}: getting ready, nerves, the people around them and small moments, using only details in {{weddingDay}}. If little is said about the morning, keep it brief and general rather than inventing people or events.' +
        STYLE,
      sampleText:
        "The morning began with sunshine and a slightly burnt batch of pancakes, courtesy of Olivia's sister Grace. Olivia's mum sewed on a loose button with three minutes to spare.\n\nAcross town, Daniel and his best friend Sam practised the vows out loud in the hotel room until Sam could recite them too. Daniel tied his tie four times.\n\nBy eleven o'clock, the cars were waiting, the flowers were ready and nobody could quite stop smiling.",
    },
    {
      title: 'The Big Day',
      layout: 'photo-full',
      photoQuestion: 'weddingPhoto',
      prompt:
        'Write a caption of 30-50 words for a full-page wedding photo of {{partnerOne}} and {{partnerTwo}}, naming the date {{weddingDate}} naturally and, if given in {{weddingDay}}, the venue.' +
        STYLE,
      sampleText:
        'The fourteenth of June, in the walled garden at Ashcombe House. The roses were in full bloom, the sky was a perfect blue, and everyone we love was gathered in one place. It was, quite simply, the happiest day we have known.',
    },
    {
      title: 'The Ceremony',
      layout: 'text-only',
      prompt:
        'Write 140-190 words about the wedding ceremony of {{partnerOne}} and {{partnerTwo}}: the setting, walking down the aisle, the first look, readings or music, and the moment they were pronounced married, all from {{weddingDay}}. First person plural. Slow the pace down around the most emotional moment mentioned.' +
        STYLE,
      sampleText:
        "The ceremony took place under the old cedar tree, with guests on hay bales and a string trio playing softly as everyone found their seats.\n\nWhen Olivia appeared at the end of the path on her father's arm, Daniel forgot every word he had rehearsed. Grace read a poem about the sea, and her voice wobbled only once.\n\nThen came the vows, the rings, and a kiss that earned a cheer loud enough to startle the pigeons from the tree.",
    },
    {
      title: 'Our Promises',
      layout: 'text-only',
      prompt:
        'Write 100-150 words reflecting on the promises {{partnerOne}} and {{partnerTwo}} made to each other. If vows are included in {{weddingDay}}, quote short phrases from them exactly and reflect on their meaning; never write new vows or invent quotes. If no vows are given, reflect on the commitment of marriage in a way that fits the couple described in {{ourStory}}.' +
        STYLE,
      imagePrompt:
        'Two hands with wedding rings resting on an open notebook of handwritten vows, soft natural light, fine-line illustration.',
      sampleText:
        'Olivia promised to always save Daniel the last slice of pizza, and to love him even when he gets lost. Daniel promised to make her coffee every morning, "and to never spill it on you again".\n\nBeneath the laughter were the promises that matter most: to listen, to be patient, to be kind on the hard days and grateful on the easy ones. We meant every word, and we still do.',
    },
    {
      title: 'Celebrating with Everyone',
      layout: 'photo-left',
      photoQuestion: 'weddingPhoto',
      prompt:
        'Write 110-160 words about the wedding celebration of {{partnerOne}} and {{partnerTwo}}: the meal, speeches, first dance and party, using only what {{weddingDay}} describes. Name only guests mentioned there. First person plural, lively and warm.' +
        STYLE,
      sampleText:
        "Dinner was served at one long table under strings of lights, with everyone passing dishes and refilling glasses like one big family.\n\nSam's speech included a slideshow that Daniel had not approved, and Olivia's dad made everyone cry within the first minute of his.\n\nOur first dance was to the song that was playing in the café the day we met. After that, the dance floor never emptied, and Grandma Rose was the last one off it.",
    },
    {
      title: 'The Little Moments',
      layout: 'text-only',
      prompt:
        'Write 100-150 words gathering the small, unplanned or funny moments from the wedding of {{partnerOne}} and {{partnerTwo}} as described in {{weddingDay}}: the things no photographer caught. Give each moment a sentence or two with gentle humour or tenderness, matching the tone. Do not invent mishaps.' +
        STYLE,
      sampleText:
        'Some moments never made it into the photographs. The ring bearer, our nephew Alfie, who stopped halfway down the aisle to wave at his mum. The sudden ten-minute shower that sent everyone laughing under the marquee.\n\nThe quiet five minutes we stole together behind the garden wall, just the two of us, when the noise faded and we looked at each other and said, "We did it."',
    },
    {
      title: 'Snapshots from Our Day',
      layout: 'collage',
      photoQuestion: 'weddingPhoto',
      prompt:
        'Write a collage caption of 40-70 words for a page of wedding photos of {{partnerOne}} and {{partnerTwo}}. One or two sentences that capture the joy of the day, touching lightly on moments from {{weddingDay}}.' +
        STYLE,
      sampleText:
        'Confetti in our hair, grass stains on the hem, a cake that leaned just slightly to the left and a hundred smiles we will never forget. These are the snapshots of a day that went by far too fast and will stay with us forever.',
    },
    {
      title: 'Looking Ahead',
      layout: 'text-only',
      prompt:
        'Write 100-150 words from {{partnerOne}} and {{partnerTwo}} about the life they look forward to together, in the first person plural. Keep hopes about love, home, adventure and growing together; only mention specific plans (children, moves, travel) if they appear in {{ourStory}} or {{weddingDay}}.' +
        STYLE,
      sampleText:
        'We do not know exactly what the years ahead will bring, and we like it that way. We hope for Sunday mornings with nowhere to be, for long walks and longer conversations, and for a house full of friends and far too many books.\n\nWe hope to keep getting lost together on the way to somewhere new. Whatever comes, we want to meet it the way we met each other: with open hearts, and a coffee in hand.',
    },
    {
      title: 'Happily Ever After',
      layout: 'closing',
      fixedText:
        'And so our story continues, one day at a time. Whatever the years bring, we will face them side by side, with patience, laughter and a love that keeps growing. Thank you for being part of our beginning. Here is to every chapter still to come, and to happily ever after.',
      imagePrompt:
        'Two silhouettes walking hand in hand down a garden path at golden hour, soft gold and ivory tones, elegant and minimal.',
      sampleText:
        'And so our story continues, one day at a time. Whatever the years bring, we will face them side by side, with patience, laughter and a love that keeps growing. Thank you for being part of our beginning. Here is to every chapter still to come, and to happily ever after.',
    },
  ],
}

export const seedTemplates: SeedTemplate[] = [babyFirstYear, grandparentLifeStory, ourWeddingStory]
