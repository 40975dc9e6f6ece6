console.log('pkjit');
